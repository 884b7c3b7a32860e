namespace HyperFlow.Runtime.Tests.Jobs;

/// <summary>source → ×2 → rebalance → +1 → sink: every record must arrive once, spread over all subtasks.</summary>
[Job("test-rebalance")]
public static partial class RebalanceJob
{
    [Map]
    internal static long Double(in long x) => x * 2;

    [Map]
    internal static long Increment(in long x) => x + 1;

    [Pipeline]
    static void Define(IPipelineBuilder p) => p.From<long>("numbers").Map(Double).Rebalance().Map(Increment).To("out");
}

/// <summary>source → broadcast → sink: every subtask receives every record.</summary>
[Job("test-broadcast")]
public static partial class BroadcastJob
{
    [Pipeline]
    static void Define(IPipelineBuilder p) => p.From<long>("numbers").Broadcast().To("out");
}

/// <summary>source → forward → keep odd → sink: subtask i's records stay on subtask i, in order.</summary>
[Job("test-forward")]
public static partial class ForwardJob
{
    [Filter]
    internal static bool IsOdd(in long x) => (x & 1) == 1;

    [Pipeline]
    static void Define(IPipelineBuilder p) => p.From<long>("numbers").Forward().Filter(IsOdd).To("out");
}
