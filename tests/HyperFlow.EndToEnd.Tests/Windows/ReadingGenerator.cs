namespace HyperFlow.EndToEnd.Tests.Windows;

/// <summary>
/// Reading i is from sensor i mod <c>sensors</c>, with value i mod 8 and time i / <c>perMs</c>: ascending
/// timestamps per subtask (subtask s of p reads i ≡ s mod p). With one subtask the reader also notes how
/// much its thread, the slot's, allocated between reading <c>measureFrom</c> and the end.
/// </summary>
internal sealed class ReadingGenerator(long count, long sensors, long perMs, long measureFrom = 0) : ISource<Reading>
{
    private readonly long _count = count;
    private readonly long _sensors = sensors;
    private readonly long _perMs = perMs;
    private readonly long _measureFrom = measureFrom;
    private long _allocatedAtStart = -1;
    private long _allocatedAtEnd = -1;

    /// <summary>Bytes the slot thread allocated from reading <c>measureFrom</c> to the end of the input; -1 before the end.</summary>
    public long AllocatedWhileMeasured => _allocatedAtEnd < 0 ? -1 : _allocatedAtEnd - _allocatedAtStart;

    public static Reading At(long i, long sensors, long perMs) => new(i % sensors, i & 7, i / perMs);

    public ISourceReader<Reading> CreateReader(int subtask, int parallelism) => new Reader(this, subtask, parallelism);

    private sealed class Reader(ReadingGenerator generator, int subtask, int parallelism) : ISourceReader<Reading>
    {
        private long _next = subtask;

        public bool IsFinished => _next >= generator._count;

        public int Read(Span<Reading> buffer)
        {
            if (_next >= generator._measureFrom && generator._allocatedAtStart < 0)
            {
                generator._allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();
            }

            int n = 0;
            while (n < buffer.Length && _next < generator._count)
            {
                buffer[n++] = At(_next, generator._sensors, generator._perMs);
                _next += parallelism;
            }

            if (_next >= generator._count && generator._allocatedAtEnd < 0)
            {
                // The last records still run through the chains after this read; the steady state is what counts.
                generator._allocatedAtEnd = GC.GetAllocatedBytesForCurrentThread();
            }

            return n;
        }
    }
}
