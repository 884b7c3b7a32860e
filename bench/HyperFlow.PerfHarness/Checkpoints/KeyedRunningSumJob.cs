using HyperFlow.Bench;

namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>
/// A running sum per key, emitted on every event: with millions of distinct keys its keyed state is
/// large, so each checkpoint copies and writes a lot (the large-state job of the <c>checkpoint-dip</c> command).
/// <code>
///   events ─▶ key by key ══hash══▶ running sum (keyed aggregate) ─▶ sums
/// </code>
/// </summary>
[Job("keyed-running-sum")]
internal static partial class KeyedRunningSumJob
{
    [KeyBy]
    internal static long KeyOf(in WindowEvent e) => e.Key;

    [Aggregate(Uid = "running-sums")]
    internal static void Add(ref long sum, in WindowEvent e) => sum += e.Value;

    [Pipeline]
    static void Define(IPipelineBuilder p) => p
        .From<WindowEvent>("events")
        .KeyBy(KeyOf)
        .Aggregate<long>(Add)
        .To("sums");
}
