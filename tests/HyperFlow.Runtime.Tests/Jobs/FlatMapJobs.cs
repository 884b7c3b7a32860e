namespace HyperFlow.Runtime.Tests.Jobs;

/// <summary>A digit and how often it was seen.</summary>
public readonly record struct DigitCount(long Digit, long Count);

/// <summary>numbers → their decimal digits (flat-map) → key by digit → running count (reduce) → sink.</summary>
[Job("test-digits")]
public static partial class DigitCountJob
{
    [FlatMap]
    internal static void Digits(in long x, Collector<DigitCount> output)
    {
        ulong rest = x < 0 ? (ulong)(-(x + 1)) + 1 : (ulong)x;
        do
        {
            output.Emit(new DigitCount((long)(rest % 10), 1));
            rest /= 10;
        }
        while (rest > 0);
    }

    [KeyBy]
    internal static long Digit(in DigitCount d) => d.Digit;

    [Reduce(Uid = "digit-counts")]
    internal static DigitCount Count(in DigitCount total, in DigitCount d) => total with { Count = total.Count + d.Count };

    [Pipeline]
    static void Define(IPipelineBuilder p) => p.From<long>("numbers").FlatMap<DigitCount>(Digits).KeyBy(Digit).Reduce(Count).To("out");
}

/// <summary>numbers → each x repeated x times (flat-map with a large fan-out) → rebalance → sink.</summary>
[Job("test-fanout")]
public static partial class FanOutJob
{
    [FlatMap]
    internal static void Repeat(in long x, Collector<long> output)
    {
        for (long i = 0; i < x; i++)
        {
            output.Emit(x);
        }
    }

    [Pipeline]
    static void Define(IPipelineBuilder p) => p.From<long>("numbers").FlatMap<long>(Repeat).Rebalance().To("out");
}
