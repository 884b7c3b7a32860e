namespace HyperFlow.Windows;

/// <summary>
/// Assigns each element to windows, as Flink's <c>WindowAssigner</c>:
/// <see cref="TumblingWindows"/>, <see cref="SlidingWindows"/>, <see cref="SessionWindows"/>,
/// <see cref="DynamicSessionWindows{TIn}"/> and <see cref="GlobalWindows"/>. Sizes and timestamps are
/// milliseconds.
/// </summary>
public abstract record WindowAssigner
{
    /// <summary>Whether windows follow event time (the watermark) rather than processing time.</summary>
    public abstract bool IsEventTime { get; }

    /// <summary>Whether windows merge (sessions).</summary>
    internal virtual bool IsMerging => false;

    /// <summary>Adds the windows an element belongs to.</summary>
    /// <typeparam name="TIn">The element type.</typeparam>
    /// <param name="element">The element (dynamic session gaps read it).</param>
    /// <param name="timestamp">Its timestamp: the event time, or the processing time for processing-time windows.</param>
    /// <param name="windows">Where the windows go.</param>
    internal abstract void AssignWindows<TIn>(in TIn element, long timestamp, List<TimeWindow> windows);

    /// <summary>Converts a duration to whole milliseconds, checking it is positive.</summary>
    /// <param name="duration">The duration.</param>
    /// <param name="what">What it is, for the message.</param>
    /// <returns>The milliseconds.</returns>
    private protected static long PositiveMilliseconds(TimeSpan duration, string what)
    {
        long ms = duration.Ticks / TimeSpan.TicksPerMillisecond;
        if (ms <= 0)
        {
            throw new ArgumentOutOfRangeException(what, duration, $"The window {what} must be at least 1 ms, was {duration}.");
        }

        return ms;
    }
}
