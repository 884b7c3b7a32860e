namespace HyperFlow.Windows;

/// <summary>
/// Fixed-size, non-overlapping windows, each element in exactly one: <c>[offset + k·size, offset + (k+1)·size)</c>
/// (Flink's <c>TumblingEventTimeWindows</c> and <c>TumblingProcessingTimeWindows</c>).
/// </summary>
/// <example>
/// <code>
/// var minutes = TumblingWindows.Of(TimeSpan.FromMinutes(1));
/// var hoursInIndia = TumblingWindows.Of(TimeSpan.FromHours(1), offset: TimeSpan.FromMinutes(30));
/// </code>
/// </example>
public sealed record TumblingWindows : WindowAssigner
{
    private TumblingWindows(long size, long offset)
    {
        if (size <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "The tumbling window size must be at least 1 ms.");
        }

        if (Math.Abs(offset) >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"The tumbling window offset ({offset} ms) must be smaller than the size ({size} ms) in absolute value.");
        }

        Size = size;
        Offset = offset;
    }

    /// <summary>The window length in milliseconds.</summary>
    public long Size { get; }

    /// <summary>Where windows are aligned, in milliseconds (for example to a time zone).</summary>
    public long Offset { get; }

    /// <summary>Which clock assigns and fires the windows; event time by default.</summary>
    public WindowTime Time { get; init; }

    /// <inheritdoc />
    public override bool IsEventTime => Time == WindowTime.EventTime;

    /// <summary>Tumbling windows of the given size.</summary>
    /// <param name="size">The window length (whole milliseconds, at least 1).</param>
    /// <param name="offset">Where windows are aligned; smaller than the size in absolute value.</param>
    /// <returns>The assigner.</returns>
    public static TumblingWindows Of(TimeSpan size, TimeSpan offset = default)
        => new(PositiveMilliseconds(size, nameof(size)), offset.Ticks / TimeSpan.TicksPerMillisecond);

    /// <summary>Tumbling windows with the size and offset in milliseconds.</summary>
    /// <param name="size">The window length, at least 1.</param>
    /// <param name="offset">Where windows are aligned; smaller than the size in absolute value.</param>
    /// <returns>The assigner.</returns>
    public static TumblingWindows OfMilliseconds(long size, long offset = 0) => new(size, offset);

    internal override void AssignWindows<TIn>(in TIn element, long timestamp, List<TimeWindow> windows)
    {
        long start = TimeWindow.StartOf(timestamp, Offset, Size);
        windows.Add(new TimeWindow(start, start + Size));
    }
}
