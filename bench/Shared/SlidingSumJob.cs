using HyperFlow;
using HyperFlow.Windows;

namespace HyperFlow.Bench;

/// <summary>
/// The sum per key over 10-second windows every second (sliding, event time; 1-second slices merged
/// when a window fires):
/// <code>
///   events ─▶ timestamps ─▶ key by key ══hash══▶ sliding 10 s / 1 s, sum ─▶ results
/// </code>
/// </summary>
[Job("window-sliding-sum")]
public static partial class SlidingSumJob
{
    [Timestamp]
    internal static long TimeOf(in WindowEvent e) => e.TimeMs;

    [KeyBy]
    internal static long KeyOf(in WindowEvent e) => e.Key;

    [Aggregate(Uid = "sliding-sums")]
    internal static void Add(ref long sum, in WindowEvent e) => sum += e.Value;

    [Merge]
    internal static long Merge(in long left, in long right) => left + right;

    [Pipeline]
    static void Define(IPipelineBuilder p) => p
        .From<WindowEvent>("events")
        .Timestamps(TimeOf)
        .KeyBy(KeyOf)
        .Window(SlidingWindows.OfMilliseconds(10_000, 1_000))
        .Aggregate<long>(Add, Merge)
        .To("results");
}
