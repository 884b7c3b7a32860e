namespace HyperFlow.Runtime.Tests.Jobs;

/// <summary>A job of its own for the metrics test, so that no other test's run shares its tags.</summary>
[Job("test-metrics")]
public static partial class MetricsJob
{
    [KeyBy]
    internal static long Key(in long x) => x % 11;

    [Aggregate]
    internal static void Add(ref long sum, in long x) => sum += x;

    [Pipeline]
    static void Define(IPipelineBuilder p) => p.From<long>("numbers").KeyBy(Key).Aggregate<long>(Add).To("sums");
}
