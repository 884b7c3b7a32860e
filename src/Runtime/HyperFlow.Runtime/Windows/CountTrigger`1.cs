using HyperFlow.Storage.State;

namespace HyperFlow.Windows;

/// <summary>
/// Fires a window every <see cref="MaxCount"/> elements (Flink's <c>CountTrigger</c>); the window keeps
/// its contents unless wrapped in a <see cref="PurgingTrigger{TIn}"/>. With <see cref="GlobalWindows"/>
/// it makes count windows.
/// </summary>
/// <example>
/// <code>
/// // Every 100 elements of a key, the aggregate of those 100 (Flink's countWindow(100)).
/// var trigger = new PurgingTrigger&lt;Trade&gt;(new CountTrigger&lt;Trade&gt;(100));
/// </code>
/// </example>
/// <typeparam name="TIn">The element type.</typeparam>
public sealed class CountTrigger<TIn> : WindowTrigger<TIn>
{
    /// <summary>The name of the trigger's state (the count per key and window).</summary>
    public const string StateName = "window-trigger-count";

    private static readonly ValueStateDescriptor<long> s_count = new(StateName);

    /// <summary>Creates the trigger.</summary>
    /// <param name="maxCount">The number of elements between firings, at least 1.</param>
    public CountTrigger(long maxCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        MaxCount = maxCount;
    }

    /// <summary>The number of elements between firings.</summary>
    public long MaxCount { get; }

    /// <inheritdoc />
    public override bool CanMerge => true;

    /// <inheritdoc />
    public override TriggerResult OnElement(in TIn element, long timestamp, TimeWindow window, TriggerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ValueState<long> count = context.GetState(s_count);
        long n = count.GetValueOrDefault() + 1;
        if (n >= MaxCount)
        {
            count.Clear();
            return TriggerResult.Fire;
        }

        count.Update(n);
        return TriggerResult.Continue;
    }

    /// <inheritdoc />
    public override TriggerResult OnEventTime(long time, TimeWindow window, TriggerContext context) => TriggerResult.Continue;

    /// <inheritdoc />
    public override TriggerResult OnProcessingTime(long time, TimeWindow window, TriggerContext context) => TriggerResult.Continue;

    /// <inheritdoc />
    public override void OnMerge(TimeWindow window, TriggerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.MergeState(s_count, static (a, b) => a + b);
    }

    /// <inheritdoc />
    public override void Clear(TimeWindow window, TriggerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.GetState(s_count).Clear();
    }
}
