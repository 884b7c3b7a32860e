using System.Runtime.CompilerServices;

namespace HyperFlow.Windows;

/// <summary>
/// Session windows whose gap each element sets (Flink's <c>DynamicEventTimeSessionWindows</c>): an
/// element opens <c>[timestamp, timestamp + gap(element))</c>, and windows of a key that overlap or
/// touch merge.
/// </summary>
/// <example>
/// <code>
/// var sessions = DynamicSessionWindows&lt;Click&gt;.WithGap(c => c.IsMobile ? TimeSpan.FromMinutes(5) : TimeSpan.FromMinutes(30));
/// </code>
/// </example>
/// <typeparam name="TIn">The element type.</typeparam>
public sealed record DynamicSessionWindows<TIn> : WindowAssigner
{
    private readonly Func<TIn, TimeSpan> _gap;

    private DynamicSessionWindows(Func<TIn, TimeSpan> gap) => _gap = gap;

    /// <summary>Which clock assigns and fires the windows; event time by default.</summary>
    public WindowTime Time { get; init; }

    /// <inheritdoc />
    public override bool IsEventTime => Time == WindowTime.EventTime;

    internal override bool IsMerging => true;

    /// <summary>Session windows whose gap is read from each element.</summary>
    /// <param name="gap">The gap of an element's window (whole milliseconds, at least 1).</param>
    /// <returns>The assigner.</returns>
    public static DynamicSessionWindows<TIn> WithGap(Func<TIn, TimeSpan> gap) => new(gap ?? throw new ArgumentNullException(nameof(gap)));

    /// <summary>
    /// Session windows whose gap a <see cref="SessionGapAttribute"/> method reads from each element, in
    /// milliseconds: the form a pipeline declaration uses, <c>.Window(DynamicSessionWindows&lt;Click&gt;.WithGap(GapOf))</c>.
    /// </summary>
    /// <param name="gapMs">The gap of an element's window in milliseconds (at least 1).</param>
    /// <returns>The assigner.</returns>
    public static DynamicSessionWindows<TIn> WithGap(SessionGapFunction<TIn> gapMs)
    {
        ArgumentNullException.ThrowIfNull(gapMs);
        return new(element => TimeSpan.FromMilliseconds(gapMs(in element)));
    }

    internal override void AssignWindows<TElement>(in TElement element, long timestamp, List<TimeWindow> windows)
    {
        if (typeof(TElement) != typeof(TIn))
        {
            throw new ArgumentException($"The session gap reads {typeof(TIn).Name} elements but the window operator gets {typeof(TElement).Name}; declare DynamicSessionWindows<{typeof(TElement).Name}>.", nameof(element));
        }

        TimeSpan gap = _gap(Unsafe.As<TElement, TIn>(ref Unsafe.AsRef(in element)));
        long ms = gap.Ticks / TimeSpan.TicksPerMillisecond;
        if (ms <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(element), gap, $"The dynamic session gap must be at least 1 ms; the gap function returned {gap} for element {element} at {timestamp}.");
        }

        windows.Add(new TimeWindow(timestamp, timestamp + ms));
    }
}
