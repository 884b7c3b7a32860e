namespace HyperFlow.Runtime.Tests.Jobs;

/// <summary>A bounded source over an array: subtask s reads the items at indexes ≡ s (mod parallelism), in order.</summary>
public sealed class ArraySource<T>(T[] items) : ISource<T>
{
    public ISourceReader<T> CreateReader(int subtask, int parallelism) => new Reader(items, subtask, parallelism);

    private sealed class Reader(T[] items, int subtask, int parallelism) : ISourceReader<T>
    {
        private int _next = subtask;

        public bool IsFinished => _next >= items.Length;

        public int Read(Span<T> buffer)
        {
            int n = 0;
            while (n < buffer.Length && _next < items.Length)
            {
                buffer[n++] = items[_next];
                _next += parallelism;
            }

            return n;
        }
    }
}
