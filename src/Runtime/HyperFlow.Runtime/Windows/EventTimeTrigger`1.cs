namespace HyperFlow.Windows;

/// <summary>
/// Fires a window once the watermark reaches its <see cref="TimeWindow.MaxTimestamp"/>, and again for
/// every element that arrives after that within the allowed lateness (Flink's <c>EventTimeTrigger</c>,
/// the default of event-time windows).
/// </summary>
/// <typeparam name="TIn">The element type.</typeparam>
public sealed class EventTimeTrigger<TIn> : WindowTrigger<TIn>
{
    /// <inheritdoc />
    public override bool CanMerge => true;

    /// <inheritdoc />
    public override TriggerResult OnElement(in TIn element, long timestamp, TimeWindow window, TriggerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (window.MaxTimestamp <= context.CurrentWatermark)
        {
            // The watermark is past the window already: a late element fires it at once.
            return TriggerResult.Fire;
        }

        context.RegisterEventTimeTimer(window.MaxTimestamp);
        return TriggerResult.Continue;
    }

    /// <inheritdoc />
    public override TriggerResult OnEventTime(long time, TimeWindow window, TriggerContext context)
        => time == window.MaxTimestamp ? TriggerResult.Fire : TriggerResult.Continue;

    /// <inheritdoc />
    public override TriggerResult OnProcessingTime(long time, TimeWindow window, TriggerContext context) => TriggerResult.Continue;

    /// <inheritdoc />
    public override void OnMerge(TimeWindow window, TriggerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Only while the merged window is not yet due: a timer at or before the watermark would fire it again.
        if (window.MaxTimestamp > context.CurrentWatermark)
        {
            context.RegisterEventTimeTimer(window.MaxTimestamp);
        }
    }

    /// <inheritdoc />
    public override void Clear(TimeWindow window, TriggerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.DeleteEventTimeTimer(window.MaxTimestamp);
    }
}
