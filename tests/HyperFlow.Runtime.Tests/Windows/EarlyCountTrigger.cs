using HyperFlow.Storage.State;
using HyperFlow.Windows;

namespace HyperFlow.Runtime.Tests.Windows;

/// <summary>
/// A custom trigger: every <c>every</c> elements it fires and purges (an early, partial result), and at
/// the end of the window it fires what is left.
/// </summary>
internal sealed class EarlyCountTrigger(long every) : WindowTrigger<long>
{
    private static readonly ValueStateDescriptor<long> s_count = new("early-count");

    public override TriggerResult OnElement(in long element, long timestamp, TimeWindow window, TriggerContext context)
    {
        context.RegisterEventTimeTimer(window.MaxTimestamp);
        ValueState<long> count = context.GetState(s_count);
        long n = count.GetValueOrDefault() + 1;
        if (n == every)
        {
            count.Clear();
            return TriggerResult.FireAndPurge;
        }

        count.Update(n);
        return TriggerResult.Continue;
    }

    public override TriggerResult OnEventTime(long time, TimeWindow window, TriggerContext context)
        => time == window.MaxTimestamp ? TriggerResult.Fire : TriggerResult.Continue;

    public override TriggerResult OnProcessingTime(long time, TimeWindow window, TriggerContext context) => TriggerResult.Continue;

    public override void Clear(TimeWindow window, TriggerContext context)
    {
        context.DeleteEventTimeTimer(window.MaxTimestamp);
        context.GetState(s_count).Clear();
    }
}
