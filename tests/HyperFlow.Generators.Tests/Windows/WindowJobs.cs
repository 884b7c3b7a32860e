namespace HyperFlow.Generators.Tests.Windows;

/// <summary>Windowed job sources used by several generator tests (with <see cref="Jobs.Types"/>).</summary>
internal static class WindowJobs
{
    public const string Ticks = """
        namespace Sample;

        public readonly record struct Tick(long Account, long Price, int Qty, long TimeMs);

        public readonly record struct Summary(long Count, long Max);
        """;

    /// <summary>Aligned: event-time tumbling windows, an aggregate, allowed lateness, a late stream with a map, a map after the window.</summary>
    public const string TumblingTotals = """
        using HyperFlow;
        using HyperFlow.Windows;

        namespace Sample;

        [Job("tumbling-totals")]
        public static partial class TumblingTotals
        {
            [Timestamp] static long TimeOf(in Tick t) => t.TimeMs;
            [Map] static Notional ToNotional(in Tick t) => new(t.Account, t.Price * t.Qty);
            [KeyBy] static long Account(in Notional n) => n.Account;
            [Aggregate(Uid = "minute-totals")] static void Add(ref long sum, in Notional n) => sum += n.Value;
            [Map] static Notional Total(in WindowResult<long, long> r) => new(r.Key, r.Value);
            [Filter] static bool IsLarge(in Notional n) => n.Value > 1_000;

            [Pipeline]
            static void Define(IPipelineBuilder p) => p
                .From<Tick>("ticks")
                .Timestamps(TimeOf, maxOutOfOrderMs: 2_000)
                .Map(ToNotional)
                .KeyBy(Account)
                .Window(TumblingWindows.Of(System.TimeSpan.FromMinutes(1)))
                .AllowedLateness(10_000)
                .LateData(late => late.Filter(IsLarge).To("late-notionals"))
                .Aggregate<long>(Add)
                .Map(Total)
                .To("totals");
        }
        """;

    /// <summary>Aligned: sliding windows whose aggregate merges slices with a [Merge] method.</summary>
    public const string SlidingSums = """
        using HyperFlow;
        using HyperFlow.Windows;

        namespace Sample;

        [Job("sliding-sums")]
        public static partial class SlidingSums
        {
            [Timestamp] static long TimeOf(in Tick t) => t.TimeMs;
            [KeyBy] static long Account(in Tick t) => t.Account;
            [Aggregate] static void Add(ref long sum, in Tick t) => sum += t.Qty;
            [Merge] static long Combine(in long left, in long right) => left + right;

            [Pipeline]
            static void Define(IPipelineBuilder p) => p
                .From<Tick>("ticks")
                .Timestamps(TimeOf)
                .KeyBy(Account)
                .Window(SlidingWindows.OfMilliseconds(10_000, 1_000))
                .Aggregate<long>(Add, Combine)
                .To("sums");
        }
        """;

    /// <summary>General: dynamic-gap session windows with a process function.</summary>
    public const string Sessions = """
        using System;
        using HyperFlow;
        using HyperFlow.Windows;

        namespace Sample;

        [Job("sessions")]
        public static partial class Sessions
        {
            [Timestamp] static long TimeOf(in Tick t) => t.TimeMs;
            [KeyBy] static long Account(in Tick t) => t.Account;
            [SessionGap] static long GapOf(in Tick t) => t.Qty > 100 ? 60_000 : 30_000;

            [ProcessWindow(Uid = "session-summaries")]
            static void Summarize(in long account, in WindowContext context, ReadOnlySpan<Tick> ticks, Collector<Summary> output)
            {
                long max = 0;
                foreach (Tick t in ticks)
                {
                    max = Math.Max(max, t.Price);
                }

                output.Emit(new Summary(ticks.Length, max));
            }

            [Pipeline]
            static void Define(IPipelineBuilder p) => p
                .From<Tick>("ticks")
                .Timestamps(TimeOf, maxOutOfOrderMs: 1_000)
                .KeyBy(Account)
                .Window(DynamicSessionWindows<Tick>.WithGap(GapOf))
                .Process<Summary>(Summarize)
                .To("summaries");
        }
        """;

    /// <summary>General, without timestamps: count windows (a global window with a purging count trigger) reduced.</summary>
    public const string CountedMax = """
        using HyperFlow;
        using HyperFlow.Windows;

        namespace Sample;

        [Job("counted-max")]
        public static partial class CountedMax
        {
            [KeyBy] static long Account(in Trade t) => t.Account;
            [Reduce] static Trade Largest(in Trade a, in Trade b) => a.Price >= b.Price ? a : b;

            [Pipeline]
            static void Define(IPipelineBuilder p) => p
                .From<Trade>("trades")
                .KeyBy(Account)
                .Window(GlobalWindows.Instance)
                .CountTrigger(100, purging: true)
                .Reduce(Largest)
                .To("largest");
        }
        """;
}
