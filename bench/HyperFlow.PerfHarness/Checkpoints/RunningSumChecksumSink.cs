namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>
/// Folds the running sums of <see cref="KeyedRunningSumJob"/> into one checksum (the wrapping sum of
/// <c>key * 31 + sum</c> over every update) without keeping them, so two runs can be checked for the same work.
/// </summary>
internal sealed class RunningSumChecksumSink : ISink<KeyedValue<long, long>>
{
    private long _checksum;

    /// <summary>The checksum of the updates received.</summary>
    public long Checksum => Interlocked.Read(ref _checksum);

    public ISinkWriter<KeyedValue<long, long>> CreateWriter(int subtask, int parallelism) => new Writer(this);

    private sealed class Writer(RunningSumChecksumSink sink) : ISinkWriter<KeyedValue<long, long>>
    {
        public void Write(ReadOnlySpan<KeyedValue<long, long>> batch)
        {
            long checksum = 0;
            foreach (ref readonly KeyedValue<long, long> update in batch)
            {
                checksum = unchecked(checksum + (update.Key * 31) + update.Value);
            }

            Interlocked.Add(ref sink._checksum, checksum);
        }

        public void Complete()
        {
        }
    }
}
