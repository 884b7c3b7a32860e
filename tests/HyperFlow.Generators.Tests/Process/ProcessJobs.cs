namespace HyperFlow.Generators.Tests;

/// <summary>Job sources with keyed process functions and side outputs, used by several generator tests.</summary>
internal static class ProcessJobs
{
    public const string Types = """
        namespace Sample;

        public readonly record struct Payment(long Account, long Amount, long TimeMs);

        public readonly record struct Total(long Account, long Sum, long Count);
        """;

    /// <summary>Per account: the sum of payments until none came for a second (event-time timers), large payments to a side output.</summary>
    public const string IdleSums = """
        using HyperFlow;
        using HyperFlow.Storage.State;

        namespace Sample;

        public sealed class SumUntilIdle(KeyedStateStore<long> state)
        {
            public const long GapMs = 1_000;

            private readonly ValueState<Total> _total = state.GetValueState(new ValueStateDescriptor<Total>("total"));
            private readonly ValueState<long> _deadline = state.GetValueState(new ValueStateDescriptor<long>("deadline"));

            [Process]
            public void Add(in Payment p, ProcessContext<long> context, Collector<Total> output)
            {
                Total total = _total.GetValueOrDefault();
                _total.Update(new Total(p.Account, total.Sum + p.Amount, total.Count + 1));
                if (_deadline.TryGet(out long old))
                {
                    context.DeleteEventTimeTimer(old);
                }

                long deadline = context.Timestamp + GapMs;
                context.RegisterEventTimeTimer(deadline);
                _deadline.Update(deadline);
                if (p.Amount > 1_000)
                {
                    context.Output(IdleSums.Large, p);
                }
            }

            [OnTimer]
            public void Flush(long time, TimerContext<long> context, Collector<Total> output)
            {
                output.Emit(_total.GetValueOrDefault());
                _total.Clear();
                _deadline.Clear();
            }
        }

        [Job("idle-sums")]
        public static partial class IdleSums
        {
            internal static readonly OutputTag<Payment> Large = new("large");

            [Timestamp] static long TimeOf(in Payment p) => p.TimeMs;
            [KeyBy] static long Account(in Payment p) => p.Account;
            [Map] static long AmountOf(in Payment p) => p.Amount;

            [Pipeline]
            static void Define(IPipelineBuilder p) => p
                .From<Payment>("payments")
                .Timestamps(TimeOf, maxOutOfOrderMs: 100)
                .KeyBy(Account)
                .Process<SumUntilIdle, Total>()
                .SideOutput(Large, large => large.Map(AmountOf).To("large-amounts"))
                .To("totals");
        }
        """;

    /// <summary>
    /// Without timestamps: a stateless function without timers (parameterless constructor), whose side
    /// output is keyed and reduced before its sink, and whose main output is mapped and rebalanced.
    /// </summary>
    public const string Dedup = """
        using HyperFlow;

        namespace Sample;

        public sealed class SplitLarge
        {
            [Process(Uid = "split-large")]
            public void Route(in Payment p, ProcessContext<long> context, Collector<Payment> output)
            {
                if (p.Amount > 100)
                {
                    context.Output(Dedup.Large, p);
                }
                else
                {
                    output.Emit(p);
                }
            }
        }

        [Job("dedup")]
        public static partial class Dedup
        {
            internal static readonly OutputTag<Payment> Large = new OutputTag<Payment>("large");

            [KeyBy] static long Account(in Payment p) => p.Account;
            [Reduce] static Payment Max(in Payment a, in Payment b) => b.Amount > a.Amount ? b : a;
            [Map] static long AmountOf(in Payment p) => p.Amount;

            [Pipeline]
            static void Define(IPipelineBuilder p) => p
                .From<Payment>("payments")
                .KeyBy(Account)
                .Process<SplitLarge, Payment>()
                .SideOutput(Large, large => large.KeyBy(Account).Reduce(Max).To("largest"))
                .Map(AmountOf)
                .Rebalance()
                .To("small-amounts");
        }
        """;
}
