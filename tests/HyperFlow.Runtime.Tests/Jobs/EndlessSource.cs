namespace HyperFlow.Runtime.Tests.Jobs;

/// <summary>An unbounded source of ones, for cancellation tests; counts what it produced.</summary>
public sealed class EndlessSource : ISource<long>
{
    private long _produced;

    public long Produced => Interlocked.Read(ref _produced);

    public ISourceReader<long> CreateReader(int subtask, int parallelism) => new Reader(this);

    private sealed class Reader(EndlessSource owner) : ISourceReader<long>
    {
        public bool IsFinished => false;

        public int Read(Span<long> buffer)
        {
            buffer.Fill(2);
            Interlocked.Add(ref owner._produced, buffer.Length);
            return buffer.Length;
        }
    }
}
