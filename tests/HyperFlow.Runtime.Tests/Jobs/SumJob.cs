namespace HyperFlow.Runtime.Tests.Jobs;

/// <summary>A small job for engine tests: numbers → ×3 → keep even → key by value mod 7 → running sum.</summary>
[Job("test-sum")]
public static partial class SumJob
{
    /// <summary>An input that makes <see cref="Triple"/> throw, to test failure reporting.</summary>
    public const long Poison = -13;

    [Map]
    internal static long Triple(in long x) => x == Poison ? throw new InvalidOperationException("poison value") : x * 3;

    [Filter]
    internal static bool IsEven(in long x) => (x & 1) == 0;

    [KeyBy]
    internal static long Bucket(in long x) => Math.Abs(x % 7);

    [Aggregate(Uid = "bucket-sums")]
    internal static void Add(ref long sum, in long x) => sum += x;

    [Pipeline]
    static void Define(IPipelineBuilder p) => p
        .From<long>("numbers")
        .Map(Triple)
        .Filter(IsEven)
        .KeyBy(Bucket)
        .Aggregate<long>(Add)
        .To("sums");
}
