using HyperFlow.Storage.State;
using HyperFlow.Timers;

namespace HyperFlow.Runtime.Tests.Process;

/// <summary>A click by <see cref="User"/>.</summary>
public readonly record struct Click(long User);

/// <summary>
/// What <see cref="ClickCounts"/> emits: after every click, the user's running count (<see cref="Fired"/>
/// false, at the processing time of the click); when the user's timer fires, the count it closes
/// (<see cref="Fired"/> true, at the timer's time).
/// </summary>
public readonly record struct ClickCount(long User, long Count, bool Fired, long TimeMs);

/// <summary>
/// Counts each user's clicks for <see cref="DelayMs"/> of processing time from the first one, then
/// emits the count: a processing-time timer registered on the first click of a count.
/// </summary>
public sealed class ClickCounts(KeyedStateStore<long> state)
{
    public const long DelayMs = 1_000;

    private readonly ValueState<long> _count = state.GetValueState(new ValueStateDescriptor<long>("count"));

    [Process]
    public void Add(in Click click, ProcessContext<long> context, Collector<ClickCount> output)
    {
        long count = _count.GetValueOrDefault() + 1;
        _count.Update(count);
        if (count == 1)
        {
            context.RegisterProcessingTimeTimer(context.CurrentProcessingTime + DelayMs);
        }

        output.Emit(new ClickCount(context.Key, count, Fired: false, context.CurrentProcessingTime));
    }

    [OnTimer]
    public void Close(long time, TimerContext<long> context, Collector<ClickCount> output)
    {
        if (context.Domain != TimeDomain.ProcessingTime || context.Timestamp != time)
        {
            throw new InvalidOperationException($"a processing-time timer at {time} came with domain {context.Domain} and timestamp {context.Timestamp}");
        }

        output.Emit(new ClickCount(context.Key, _count.GetValueOrDefault(), Fired: true, time));
        _count.Clear();
    }
}

/// <summary>clicks (no timestamps) → key by user → counts closed by processing-time timers → sink.</summary>
[Job("test-click-counts")]
public static partial class ClickJob
{
    [KeyBy]
    internal static long User(in Click c) => c.User;

    [Pipeline]
    static void Define(IPipelineBuilder p) => p
        .From<Click>("clicks")
        .KeyBy(User)
        .Process<ClickCounts, ClickCount>()
        .To("counts");
}
