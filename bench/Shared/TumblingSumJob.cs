using HyperFlow;
using HyperFlow.Windows;

namespace HyperFlow.Bench;

/// <summary>
/// The sum per key over 1-second tumbling event-time windows (the aligned window operator: one state
/// probe per event):
/// <code>
///   events ─▶ timestamps ─▶ key by key ══hash══▶ tumbling 1 s, sum ─▶ results
/// </code>
/// </summary>
[Job("window-tumbling-sum")]
public static partial class TumblingSumJob
{
    [Timestamp]
    internal static long TimeOf(in WindowEvent e) => e.TimeMs;

    [KeyBy]
    internal static long KeyOf(in WindowEvent e) => e.Key;

    [Aggregate(Uid = "tumbling-sums")]
    internal static void Add(ref long sum, in WindowEvent e) => sum += e.Value;

    [Pipeline]
    static void Define(IPipelineBuilder p) => p
        .From<WindowEvent>("events")
        .Timestamps(TimeOf)
        .KeyBy(KeyOf)
        .Window(TumblingWindows.OfMilliseconds(1_000))
        .Aggregate<long>(Add)
        .To("results");
}
