using HyperFlow.Windows;

namespace HyperFlow.Runtime.Tests.Checkpoints;

/// <summary>
/// Sliding event-time windows (100 ms every 20 ms) summing the items of <see cref="PartitionedSource"/> per
/// partition, with the item's offset as its time: each element is in five windows, and a slice outlives the
/// first windows that fire with it, so a restore that forgot which windows had fired would fire them again.
/// </summary>
[Job("sliding-sums")]
public static partial class SlidingSumsJob
{
    public const string WindowUid = "sliding-sums";

    [Timestamp]
    internal static long TimeOf(in long item) => item % 1_000_000;

    [KeyBy]
    internal static long Partition(in long item) => item / 1_000_000;

    [Aggregate(Uid = WindowUid)]
    internal static void Add(ref long sum, in long item) => sum += item;

    [Merge]
    internal static long Combine(in long left, in long right) => left + right;

    [Pipeline]
    static void Define(IPipelineBuilder p) => p
        .From<long>("items")
        .Timestamps(TimeOf, maxOutOfOrderMs: 5)
        .KeyBy(Partition)
        .Window(SlidingWindows.OfMilliseconds(100, 20))
        .Aggregate<long>(Add, Combine)
        .To("sums");
}
