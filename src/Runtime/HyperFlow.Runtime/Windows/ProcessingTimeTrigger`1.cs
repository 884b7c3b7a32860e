namespace HyperFlow.Windows;

/// <summary>
/// Fires a window once the processing-time clock reaches its <see cref="TimeWindow.MaxTimestamp"/>
/// (Flink's <c>ProcessingTimeTrigger</c>, the default of processing-time windows).
/// </summary>
/// <typeparam name="TIn">The element type.</typeparam>
public sealed class ProcessingTimeTrigger<TIn> : WindowTrigger<TIn>
{
    /// <inheritdoc />
    public override bool CanMerge => true;

    /// <inheritdoc />
    public override TriggerResult OnElement(in TIn element, long timestamp, TimeWindow window, TriggerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterProcessingTimeTimer(window.MaxTimestamp);
        return TriggerResult.Continue;
    }

    /// <inheritdoc />
    public override TriggerResult OnEventTime(long time, TimeWindow window, TriggerContext context) => TriggerResult.Continue;

    /// <inheritdoc />
    public override TriggerResult OnProcessingTime(long time, TimeWindow window, TriggerContext context) => TriggerResult.Fire;

    /// <inheritdoc />
    public override void OnMerge(TimeWindow window, TriggerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (window.MaxTimestamp > context.CurrentProcessingTime)
        {
            context.RegisterProcessingTimeTimer(window.MaxTimestamp);
        }
    }

    /// <inheritdoc />
    public override void Clear(TimeWindow window, TriggerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.DeleteProcessingTimeTimer(window.MaxTimestamp);
    }
}
