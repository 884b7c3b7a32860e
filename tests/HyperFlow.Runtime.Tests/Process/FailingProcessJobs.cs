namespace HyperFlow.Runtime.Tests.Process;

/// <summary>A process function without [OnTimer] that registers a timer anyway.</summary>
public sealed class TimerWithoutHandler
{
    [Process]
    public void Add(in long value, ProcessContext<long> context, Collector<long> output)
        => context.RegisterEventTimeTimer(value);
}

/// <summary>A process function whose timer throws.</summary>
public sealed class ThrowingTimer
{
    [Process]
    public void Add(in long value, ProcessContext<long> context, Collector<long> output)
        => context.RegisterEventTimeTimer(value);

    [OnTimer]
    public void Fire(long time, TimerContext<long> context, Collector<long> output)
        => throw new InvalidDataException($"timer at {time} of key {context.Key}");
}

/// <summary>numbers → key by value → a function that registers a timer it has no method for.</summary>
[Job("test-timer-without-handler")]
public static partial class TimerWithoutHandlerJob
{
    [KeyBy]
    internal static long Self(in long value) => value;

    [Pipeline]
    static void Define(IPipelineBuilder p) => p
        .From<long>("numbers")
        .KeyBy(Self)
        .Process<TimerWithoutHandler, long>()
        .To("out");
}

/// <summary>numbers → key by value → a function whose timers throw.</summary>
[Job("test-throwing-timer")]
public static partial class ThrowingTimerJob
{
    [KeyBy]
    internal static long Self(in long value) => value;

    [Pipeline]
    static void Define(IPipelineBuilder p) => p
        .From<long>("numbers")
        .KeyBy(Self)
        .Process<ThrowingTimer, long>()
        .To("out");
}
