namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>
/// A rewindable source that passes another one's events and positions through unchanged and reports its
/// reads to a <see cref="SlotMeter"/>. One reader only: the meter watches one slot thread (parallelism 1).
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
/// <param name="inner">The source read.</param>
/// <param name="meter">Where the reads are reported.</param>
internal sealed class MeteredSource<T>(ICheckpointedSource<T> inner, SlotMeter meter) : ICheckpointedSource<T>
{
    private int _readers;

    public ISourceReader<T> CreateReader(int subtask, int parallelism) => CreateReader(subtask, parallelism, []);

    public ICheckpointedSourceReader<T> CreateReader(int subtask, int parallelism, IReadOnlyList<ReadOnlyMemory<byte>> restoredPositions)
    {
        if (Interlocked.Increment(ref _readers) > 1)
        {
            throw new InvalidOperationException(
                "A metered source watches one slot thread and has one reader; run the job with parallelism 1, without restarts, and a new source per run.");
        }

        return new Reader(inner.CreateReader(subtask, parallelism, restoredPositions), meter);
    }

    private sealed class Reader(ICheckpointedSourceReader<T> inner, SlotMeter meter) : ICheckpointedSourceReader<T>
    {
        public bool IsFinished => inner.IsFinished;

        public int Read(Span<T> buffer)
        {
            meter.BeforeRead();
            int read = inner.Read(buffer);
            meter.AfterRead(read == 0 && inner.IsFinished);
            return read;
        }

        public byte[] SnapshotPosition(long checkpointId)
        {
            meter.Barrier();
            return inner.SnapshotPosition(checkpointId);
        }
    }
}
