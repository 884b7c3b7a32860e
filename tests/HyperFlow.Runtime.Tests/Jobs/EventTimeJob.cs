namespace HyperFlow.Runtime.Tests.Jobs;

/// <summary>A sensor reading at <see cref="TimeMs"/>.</summary>
public readonly record struct Reading(long Sensor, long Value, long TimeMs);

/// <summary>readings (timestamps, 10 ms out of order, idle after 1 s) → key by sensor → running maximum → sink.</summary>
[Job("test-event-time")]
public static partial class EventTimeJob
{
    public const long MaxOutOfOrderMs = 10;
    public const long IdleTimeoutMs = 1_000;

    [Timestamp]
    internal static long TimeOf(in Reading r) => r.TimeMs;

    [KeyBy]
    internal static long Sensor(in Reading r) => r.Sensor;

    [Reduce]
    internal static Reading Max(in Reading a, in Reading b) => b.Value > a.Value ? b : a;

    [Pipeline]
    static void Define(IPipelineBuilder p) => p
        .From<Reading>("readings")
        .Timestamps(TimeOf, maxOutOfOrderMs: MaxOutOfOrderMs, idleTimeoutMs: IdleTimeoutMs)
        .KeyBy(Sensor)
        .Reduce(Max)
        .To("maxima");
}
