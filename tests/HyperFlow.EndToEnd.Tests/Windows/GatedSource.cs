namespace HyperFlow.EndToEnd.Tests.Windows;

/// <summary>Delivers its readings one per read, then holds the input open (reads return nothing) until released.</summary>
internal sealed class GatedSource(IReadOnlyList<Reading> readings) : ISource<Reading>
{
    private volatile bool _released;

    public void Release() => _released = true;

    public ISourceReader<Reading> CreateReader(int subtask, int parallelism) => new Reader(this, subtask == 0 ? readings : []);

    private sealed class Reader(GatedSource source, IReadOnlyList<Reading> mine) : ISourceReader<Reading>
    {
        private int _next;

        public bool IsFinished => _next == mine.Count && source._released;

        public int Read(Span<Reading> buffer)
        {
            if (_next == mine.Count || buffer.IsEmpty)
            {
                return 0;
            }

            buffer[0] = mine[_next++];
            return 1;
        }
    }
}
