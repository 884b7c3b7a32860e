using HyperFlow;

namespace HyperFlow.Bench;

/// <summary>
/// The events of the window benchmarks, in timestamp order: event <c>i</c> has key <c>i mod 1000</c>,
/// value <c>i mod 256</c> and time <c>i / 1000</c> ms, so 1,000 events per millisecond and 1,000,000 per
/// second of event time (each key 1,000 times per second). Subtask <c>s</c> of <c>p</c> reads the events
/// <c>i ≡ s (mod p)</c>.
/// </summary>
/// <param name="count">The number of events.</param>
public sealed class WindowEventGenerator(long count) : ISource<WindowEvent>
{
    /// <summary>The number of distinct keys.</summary>
    public const long Keys = 1000;

    /// <summary>Events per millisecond of event time.</summary>
    public const long PerMillisecond = 1000;

    /// <summary>The number of events.</summary>
    public long Count { get; } = count;

    /// <summary>Event number <paramref name="index"/>.</summary>
    /// <param name="index">The event's index.</param>
    /// <returns>The event.</returns>
    public static WindowEvent At(long index) => new(index % Keys, index & 0xFF, index / PerMillisecond);

    /// <inheritdoc />
    public ISourceReader<WindowEvent> CreateReader(int subtask, int parallelism) => new Reader(Count, subtask, parallelism);

    private sealed class Reader(long count, int subtask, int parallelism) : ISourceReader<WindowEvent>
    {
        private long _next = subtask;

        public bool IsFinished => _next >= count;

        public int Read(Span<WindowEvent> buffer)
        {
            int n = 0;
            long next = _next;
            while (n < buffer.Length && next < count)
            {
                buffer[n++] = At(next);
                next += parallelism;
            }

            _next = next;
            return n;
        }
    }
}
