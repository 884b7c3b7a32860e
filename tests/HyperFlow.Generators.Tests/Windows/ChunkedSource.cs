using System.Collections.Concurrent;

namespace HyperFlow.Generators.Tests.Windows;

/// <summary>
/// Subtask s of p reads the events at indexes ≡ s (mod p), in index order, in reads of the planned
/// sizes (cut short when the engine offers less room), and logs the size of every read: a subtask's
/// watermark advances after each read, so the log is what a reference needs to replay the run exactly.
/// When a clock is given, each event's time is also the processing time at which it is read.
/// </summary>
internal sealed class ChunkedSource((long Key, long Value, long Time)[] events, int[] chunks, ManualClock? clock = null) : ISource<(long Key, long Value, long Time)>
{
    // Far past every event: the processing time the clock jumps to once the events are read.
    public const long End = 1_000_000_000_000;

    private readonly ConcurrentDictionary<int, List<int>> _reads = new();

    public IReadOnlyList<int> Reads(int subtask) => _reads.GetValueOrDefault(subtask) ?? [];

    public ISourceReader<(long Key, long Value, long Time)> CreateReader(int subtask, int parallelism)
        => new Reader(
            [.. events.Where((_, i) => i % parallelism == subtask)],
            [.. chunks.Where((_, i) => i % parallelism == subtask)],
            _reads.GetOrAdd(subtask, _ => []),
            clock);

    private sealed class Reader((long Key, long Value, long Time)[] mine, int[] plan, List<int> reads, ManualClock? clock) : ISourceReader<(long Key, long Value, long Time)>
    {
        private int _next;
        private int _emptyReads;

        // With a clock, the first empty read moves it past every window; the input ends at the next one,
        // so the slot has a turn in between to fire the windows.
        public bool IsFinished => _next == mine.Length && (clock is null || _emptyReads > 1);

        public int Read(Span<(long Key, long Value, long Time)> buffer)
        {
            if (_next == mine.Length)
            {
                if (clock is not null && _emptyReads++ == 0)
                {
                    clock.Now = End;
                }

                return 0;
            }

            int n = Math.Min(Math.Min(buffer.Length, plan[_next]), mine.Length - _next);
            if (clock is not null)
            {
                n = 1;
                clock.Now = mine[_next].Time;
            }

            mine.AsSpan(_next, n).CopyTo(buffer);
            _next += n;
            reads.Add(n);
            return n;
        }
    }
}
