namespace HyperFlow.Windows;

/// <summary>
/// Fixed-size windows that start every <see cref="Slide"/>: an element belongs to
/// <c>size / slide</c> windows (Flink's <c>SlidingEventTimeWindows</c> and
/// <c>SlidingProcessingTimeWindows</c>). The slide must not exceed the size.
/// </summary>
/// <example>
/// <code>
/// var lastTenSecondsEverySecond = SlidingWindows.Of(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1));
/// </code>
/// </example>
public sealed record SlidingWindows : WindowAssigner
{
    private SlidingWindows(long size, long slide, long offset)
    {
        if (slide <= 0 || slide > size)
        {
            throw new ArgumentOutOfRangeException(nameof(slide), slide, $"The sliding window slide must be between 1 ms and the size ({size} ms); use tumbling windows for a slide equal to the size.");
        }

        if (Math.Abs(offset) >= slide)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"The sliding window offset ({offset} ms) must be smaller than the slide ({slide} ms) in absolute value.");
        }

        Size = size;
        Slide = slide;
        Offset = offset;
    }

    /// <summary>The window length in milliseconds.</summary>
    public long Size { get; }

    /// <summary>How often a window starts, in milliseconds.</summary>
    public long Slide { get; }

    /// <summary>Where window starts are aligned, in milliseconds.</summary>
    public long Offset { get; }

    /// <summary>Which clock assigns and fires the windows; event time by default.</summary>
    public WindowTime Time { get; init; }

    /// <inheritdoc />
    public override bool IsEventTime => Time == WindowTime.EventTime;

    /// <summary>Sliding windows of the given size and slide.</summary>
    /// <param name="size">The window length (whole milliseconds).</param>
    /// <param name="slide">How often a window starts; at least 1 ms and at most the size.</param>
    /// <param name="offset">Where window starts are aligned; smaller than the slide in absolute value.</param>
    /// <returns>The assigner.</returns>
    public static SlidingWindows Of(TimeSpan size, TimeSpan slide, TimeSpan offset = default)
        => new(PositiveMilliseconds(size, nameof(size)), PositiveMilliseconds(slide, nameof(slide)), offset.Ticks / TimeSpan.TicksPerMillisecond);

    /// <summary>Sliding windows with the size, slide and offset in milliseconds.</summary>
    /// <param name="size">The window length.</param>
    /// <param name="slide">How often a window starts; at least 1 and at most the size.</param>
    /// <param name="offset">Where window starts are aligned; smaller than the slide in absolute value.</param>
    /// <returns>The assigner.</returns>
    public static SlidingWindows OfMilliseconds(long size, long slide, long offset = 0) => new(size, slide, offset);

    internal override void AssignWindows<TIn>(in TIn element, long timestamp, List<TimeWindow> windows)
    {
        // Flink's order: the latest window first.
        for (long start = TimeWindow.StartOf(timestamp, Offset, Slide); start > timestamp - Size; start -= Slide)
        {
            windows.Add(new TimeWindow(start, start + Size));
        }
    }
}
