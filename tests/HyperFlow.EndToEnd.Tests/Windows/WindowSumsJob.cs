using HyperFlow.Windows;

namespace HyperFlow.EndToEnd.Tests.Windows;

/// <summary>The sum of each sensor's readings per 100 ms of event time: the aligned window path, generated at build time.</summary>
[Job("window-sums")]
public static partial class WindowSumsJob
{
    public const string WindowUid = "sums-per-100ms";

    [Timestamp]
    internal static long TimeOf(in Reading r) => r.TimeMs;

    [KeyBy]
    internal static long Sensor(in Reading r) => r.Sensor;

    [Aggregate(Uid = WindowUid)]
    internal static void Add(ref long sum, in Reading r) => sum += r.Value;

    [Pipeline]
    static void Define(IPipelineBuilder p) => p
        .From<Reading>("readings")
        .Timestamps(TimeOf)
        .KeyBy(Sensor)
        .Window(TumblingWindows.OfMilliseconds(100))
        .Aggregate<long>(Add)
        .To("sums");
}
