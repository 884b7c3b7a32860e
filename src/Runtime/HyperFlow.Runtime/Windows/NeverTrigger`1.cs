namespace HyperFlow.Windows;

/// <summary>Never fires: the default trigger of <see cref="GlobalWindows"/>, as in Flink.</summary>
internal sealed class NeverTrigger<TIn> : WindowTrigger<TIn>
{
    public override bool CanMerge => true;

    public override TriggerResult OnElement(in TIn element, long timestamp, TimeWindow window, TriggerContext context) => TriggerResult.Continue;

    public override TriggerResult OnEventTime(long time, TimeWindow window, TriggerContext context) => TriggerResult.Continue;

    public override TriggerResult OnProcessingTime(long time, TimeWindow window, TriggerContext context) => TriggerResult.Continue;

    public override void OnMerge(TimeWindow window, TriggerContext context)
    {
    }

    public override void Clear(TimeWindow window, TriggerContext context)
    {
    }
}
