namespace HyperFlow.Windows;

/// <summary>
/// One window per key holding every element (<see cref="TimeWindow.Global"/>), as Flink's
/// <c>GlobalWindows</c>: it never fires by itself, so give it a trigger, such as
/// <see cref="CountTrigger{TIn}"/> (optionally wrapped in <see cref="PurgingTrigger{TIn}"/> for
/// count windows). Its state is never cleaned up by time.
/// </summary>
public sealed record GlobalWindows : WindowAssigner
{
    private GlobalWindows()
    {
    }

    /// <summary>The assigner.</summary>
    public static GlobalWindows Instance { get; } = new();

    /// <inheritdoc />
    public override bool IsEventTime => false;

    internal override void AssignWindows<TIn>(in TIn element, long timestamp, List<TimeWindow> windows) => windows.Add(TimeWindow.Global);
}
