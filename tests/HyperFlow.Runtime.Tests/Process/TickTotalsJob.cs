using HyperFlow.Storage.State;

namespace HyperFlow.Runtime.Tests.Process;

/// <summary>A reading of <see cref="Value"/> from <see cref="Sensor"/> at <see cref="TimeMs"/>.</summary>
public readonly record struct Tick(long Sensor, long Value, long TimeMs);

/// <summary>
/// Per sensor, a running total emitted at the end of every second of event time (one timer per key and
/// second, however many readings register it), with every 16th reading also sent to a side output:
/// unmanaged types throughout, for the allocation test.
/// </summary>
public sealed class SecondTotals(KeyedStateStore<long> state)
{
    private readonly ValueState<long> _total = state.GetValueState(new ValueStateDescriptor<long>("total"));

    [Process]
    public void Add(in Tick tick, ProcessContext<long> context, Collector<long> output)
    {
        _total.Update(_total.GetValueOrDefault() + tick.Value);
        context.RegisterEventTimeTimer(((context.Timestamp / 1_000) + 1) * 1_000);
        if (tick.Value % 16 == 0)
        {
            context.Output(TickTotalsJob.Sampled, tick);
        }
    }

    [OnTimer]
    public void Emit(long time, TimerContext<long> context, Collector<long> output) => output.Emit(_total.GetValueOrDefault());
}

/// <summary>ticks (timestamps) → key by sensor → totals per second, sampled ticks to a side output.</summary>
[Job("test-tick-totals")]
public static partial class TickTotalsJob
{
    internal static readonly OutputTag<Tick> Sampled = new("sampled");

    [Timestamp]
    internal static long TimeOf(in Tick t) => t.TimeMs;

    [KeyBy]
    internal static long Sensor(in Tick t) => t.Sensor;

    [Pipeline]
    static void Define(IPipelineBuilder p) => p
        .From<Tick>("ticks")
        .Timestamps(TimeOf)
        .KeyBy(Sensor)
        .Process<SecondTotals, long>()
        .SideOutput(Sampled, sampled => sampled.To("sampled"))
        .To("totals");
}
