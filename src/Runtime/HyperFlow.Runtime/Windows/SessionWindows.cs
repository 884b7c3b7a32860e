namespace HyperFlow.Windows;

/// <summary>
/// Session windows with a fixed gap: an element opens the window <c>[timestamp, timestamp + gap)</c>
/// and windows of a key that overlap or touch merge, so a session ends after a gap without elements
/// (Flink's <c>EventTimeSessionWindows</c> and <c>ProcessingTimeSessionWindows</c>).
/// </summary>
/// <example>
/// <code>
/// var visits = SessionWindows.WithGap(TimeSpan.FromMinutes(30));
/// </code>
/// </example>
public sealed record SessionWindows : WindowAssigner
{
    private SessionWindows(long gap) => Gap = gap;

    /// <summary>The gap in milliseconds.</summary>
    public long Gap { get; }

    /// <summary>Which clock assigns and fires the windows; event time by default.</summary>
    public WindowTime Time { get; init; }

    /// <inheritdoc />
    public override bool IsEventTime => Time == WindowTime.EventTime;

    internal override bool IsMerging => true;

    /// <summary>Session windows with the given gap.</summary>
    /// <param name="gap">The gap (whole milliseconds, at least 1).</param>
    /// <returns>The assigner.</returns>
    public static SessionWindows WithGap(TimeSpan gap) => new(PositiveMilliseconds(gap, nameof(gap)));

    internal override void AssignWindows<TIn>(in TIn element, long timestamp, List<TimeWindow> windows)
        => windows.Add(new TimeWindow(timestamp, timestamp + Gap));
}
