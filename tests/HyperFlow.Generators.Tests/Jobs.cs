namespace HyperFlow.Generators.Tests;

/// <summary>Job sources used by several generator tests.</summary>
internal static class Jobs
{
    public const string Types = """
        namespace Sample;

        public readonly record struct Trade(long Account, long Price, int Qty);

        public readonly record struct Notional(long Account, long Value);
        """;

    public const string LargeTrades = """
        using HyperFlow;

        namespace Sample;

        [Job("large-trades")]
        public static partial class LargeTrades
        {
            [Map] static Notional ToNotional(in Trade t) => new(t.Account, t.Price * t.Qty);
            [Filter] static bool IsLarge(in Notional n) => n.Value > 1_000_000;
            [KeyBy] static long Account(in Notional n) => n.Account;
            [Aggregate(Uid = "totals-by-account")] static void Add(ref long sum, in Notional n) => sum += n.Value;

            [Pipeline]
            static void Define(IPipelineBuilder p) => p
                .From<Trade>("trades")
                .Map(ToNotional).Filter(IsLarge)
                .KeyBy(Account).Aggregate<long>(Add)
                .To("totals");
        }
        """;

    public const string Partitioned = """
        using HyperFlow;

        namespace Sample;

        [Job("partitioned")]
        public static partial class Partitioned
        {
            [Map] static Notional ToNotional(in Trade t) => new(t.Account, t.Price * t.Qty);
            [Filter] static bool IsLarge(in Notional n) => n.Value > 1_000_000;

            [Pipeline]
            static void Define(IPipelineBuilder p) => p
                .From<Trade>("trades")
                .Rebalance()
                .Map(ToNotional)
                .Broadcast()
                .Filter(IsLarge)
                .To("large");
        }
        """;

    public const string WordLengths = """
        using HyperFlow;

        namespace Sample;

        public readonly record struct Line(long Source, string Text);

        public readonly record struct Word(string Text, long Count);

        [Job("word-counts")]
        public static partial class WordCounts
        {
            [FlatMap] static void Split(in Line line, Collector<Word> output)
            {
                foreach (string w in line.Text.Split(' '))
                {
                    output.Emit(new Word(w, 1));
                }
            }

            [Filter] static bool NotEmpty(in Word w) => w.Text.Length > 0;
            [KeyBy] static string Text(in Word w) => w.Text;
            [Reduce(Uid = "counts")] static Word Count(in Word total, in Word w) => total with { Count = total.Count + w.Count };

            [Pipeline]
            static void Define(IPipelineBuilder p) => p
                .From<Line>("lines")
                .FlatMap<Word>(Split).Filter(NotEmpty)
                .KeyBy(Text).Reduce(Count)
                .To("counts-out");
        }
        """;

    public const string TimedTrades = """
        using HyperFlow;

        namespace Sample;

        public readonly record struct Tick(long Account, long Price, int Qty, long TimeMs);

        [Job("timed-trades")]
        public static partial class TimedTrades
        {
            [Timestamp] static long TimeOf(in Tick t) => t.TimeMs;
            [Map] static Notional ToNotional(in Tick t) => new(t.Account, t.Price * t.Qty);
            [Filter] static bool IsLarge(in Notional n) => n.Value > 1_000_000;
            [KeyBy] static long Account(in Notional n) => n.Account;
            [Aggregate(Uid = "totals-by-account")] static void Add(ref long sum, in Notional n) => sum += n.Value;

            [Pipeline]
            static void Define(IPipelineBuilder p) => p
                .From<Tick>("ticks")
                .Timestamps(TimeOf, maxOutOfOrderMs: 2_000, idleTimeoutMs: 30_000)
                .Map(ToNotional).Filter(IsLarge)
                .KeyBy(Account).Aggregate<long>(Add)
                .To("totals");
        }
        """;

    public const string CustomWatermarks = """
        using HyperFlow;

        namespace Sample;

        public readonly record struct Line(long TimeMs, string Text);

        [Job("custom-watermarks")]
        public static partial class CustomWatermarks
        {
            // A watermark that only moves in whole seconds of event time.
            private struct WholeSeconds : IWatermarkGenerator<Line>
            {
                private long _max;

                public WholeSeconds() => _max = long.MinValue;

                public void OnEvent(in Line value, long timestamp, ref WatermarkOutput output) => _max = System.Math.Max(_max, timestamp);

                public readonly void OnPeriodicEmit(ref WatermarkOutput output)
                {
                    if (_max != long.MinValue)
                    {
                        output.EmitWatermark(_max / 1000 * 1000 - 1);
                    }
                }
            }

            [FlatMap] static void Words(in Line line, Collector<string> output)
            {
                foreach (string w in line.Text.Split(' '))
                {
                    output.Emit(w);
                }
            }

            [Timestamp] static long TimeOf(in Line line) => line.TimeMs;
            [Filter] static bool NotEmpty(in string w) => w.Length > 0;

            [Pipeline]
            static void Define(IPipelineBuilder p) => p
                .From<Line>("lines")
                .Timestamps<WholeSeconds>(TimeOf)
                .FlatMap<string>(Words)
                .Rebalance()
                .Filter(NotEmpty)
                .To("words");
        }
        """;
}
