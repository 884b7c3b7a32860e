using CsCheck;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.State;
using HyperFlow.Timers;
using HyperFlow.Windows;
using static HyperFlow.Runtime.Tests.Windows.AlignedWindowModelTests;

namespace HyperFlow.Runtime.Tests.Windows;

/// <summary>
/// The general window operator against the reference models on random out-of-order streams with random
/// watermarks and allowed lateness, step by step (results and late elements after every element and
/// watermark), with a checkpoint and restore mid-stream in half the runs: time windows against the
/// same reference as the aligned operator, session windows (static and dynamic gaps) against
/// <see cref="SessionWindowReference{TOut}"/>, count windows against <see cref="CountWindowReference{TOut}"/>.
/// </summary>
public class WindowOperatorModelTests
{
    [Fact]
    public void SlidingSum_RandomStreams_MatchReference()
        => Scenarios(tumbling: false).Sample(
            s => Run(s, TimeWindows(s), new AlignedWindowReference<long>(s.Size, s.Slide, s.Offset, s.Lateness, v => v.Sum()), Fold<long, long, MergingAggregateFold<long, long, long, SumAggregate>>),
            iter: 200);

    [Fact]
    public void SlidingProcessFunction_RandomStreams_MatchReference()
        => Scenarios(tumbling: false).Sample(
            s => Run(s, TimeWindows(s), new AlignedWindowReference<string>(s.Size, s.Slide, s.Offset, s.Lateness, ValuesAggregate.Format), Process),
            iter: 150);

    [Fact]
    public void SessionSum_StaticGap_RandomStreams_MatchReference()
        => Scenarios(tumbling: true).Sample(
            s => Run(s, SessionWindows.WithGap(TimeSpan.FromMilliseconds(s.Size)), new SessionWindowReference<long>(_ => s.Size, s.Lateness, v => v.Sum()), Fold<long, long, MergingAggregateFold<long, long, long, SumAggregate>>),
            iter: 300);

    [Fact]
    public void SessionMaxReduce_DynamicGap_RandomStreams_MatchReference()
        => Scenarios(tumbling: true).Sample(
            s => Run(s, DynamicSessionWindows<long>.WithGap(v => TimeSpan.FromMilliseconds(Gap(v))), new SessionWindowReference<long>(Gap, s.Lateness, v => v.Max()), Fold<long, long, ReduceFold<long, MaxReduce>>),
            iter: 300);

    [Fact]
    public void SessionProcessFunction_RandomStreams_MatchReference()
        => Scenarios(tumbling: true).Sample(
            s => Run(s, SessionWindows.WithGap(TimeSpan.FromMilliseconds(s.Size)), new SessionWindowReference<string>(_ => s.Size, s.Lateness, ValuesAggregate.Format), Process),
            iter: 150);

    [Fact]
    public void SessionSumOnFaster_RandomStreams_MatchReference()
        => Scenarios(tumbling: true).Sample(
            s =>
            {
                using var files = new ScratchDirectory();
                var backend = new FasterStateBackend(new FasterStoreOptions { Directory = files.Path, PageSizeBytes = 4096, MemoryBudgetBytes = 16 * 1024, SegmentSizeBytes = 64 * 1024, IndexBuckets = 1 << 10 });
                Run(s, SessionWindows.WithGap(TimeSpan.FromMilliseconds(s.Size)), new SessionWindowReference<long>(_ => s.Size, s.Lateness, v => v.Sum()), Fold<long, long, MergingAggregateFold<long, long, long, SumAggregate>>, backend);
            },
            iter: 20);

    [Fact]
    public void CountWindows_RandomStreams_MatchReference()
        => Scenarios(tumbling: true).Select(Gen.Bool).Sample(
            (s, purging) =>
            {
                long count = (s.Size % 5) + 1;
                WindowTrigger<long> trigger = purging ? new PurgingTrigger<long>(new CountTrigger<long>(count)) : new CountTrigger<long>(count);
                Run(
                    s with { Lateness = 0, SideOutput = false },
                    GlobalWindows.Instance,
                    new CountWindowReference<long>(count, purging, v => v.Sum()),
                    (store, timers, windows, output, late, lateness, watermark) => WindowOperator.Aggregate<long, long, long, long, MergingAggregateFold<long, long, long, SumAggregate>>(store, timers, windows, output, trigger, lateness, late, watermark));
            },
            iter: 150);

    private static long Gap(long value) => 1 + (Math.Abs(value) % 25);

    private static WindowAssigner TimeWindows(Scenario s)
        => s.Size == s.Slide ? TumblingWindows.OfMilliseconds(s.Size, s.Offset) : SlidingWindows.OfMilliseconds(s.Size, s.Slide, s.Offset);

    private static WindowOperator<long, long, TOut> Fold<TAcc, TOut, TFold>(
        KeyedStateStore<WindowKey<long>> store, TimerService<long, TimeWindow> timers, WindowAssigner windows, ResultCollector<long, TOut> output, LateCollector<long>? late, TimeSpan lateness, long watermark)
        where TFold : struct, IWindowFold<long, TAcc, TOut>
        => WindowOperator.Aggregate<long, long, TAcc, TOut, TFold>(store, timers, windows, output, allowedLateness: lateness, lateOutput: late, watermark: watermark);

    private static WindowOperator<long, long, string> Process(
        KeyedStateStore<WindowKey<long>> store, TimerService<long, TimeWindow> timers, WindowAssigner windows, ResultCollector<long, string> output, LateCollector<long>? late, TimeSpan lateness, long watermark)
        => WindowOperator.Process(store, timers, windows, new SortedValuesFunction(), output, allowedLateness: lateness, lateOutput: late, watermark: watermark);

    private delegate WindowOperator<long, long, TOut> Create<TOut>(
        KeyedStateStore<WindowKey<long>> store, TimerService<long, TimeWindow> timers, WindowAssigner windows, ResultCollector<long, TOut> output, LateCollector<long>? late, TimeSpan lateness, long watermark);

    private static void Run<TOut>(Scenario s, WindowAssigner windows, IWindowReference<TOut> reference, Create<TOut> create, IStateBackend? backend = null)
    {
        var output = new ResultCollector<long, TOut>();
        var late = new LateCollector<long>();
        using var harness = new GeneralWindowHarness<long, TOut>(
            backend ?? InMemoryStateBackend.Instance,
            (store, timers, watermark) => create(store, timers, windows, output, s.SideOutput ? late : null, TimeSpan.FromMilliseconds(s.Lateness), watermark));
        List<StreamOp> ops = [.. s.Ops];
        if (s.EndOfInput)
        {
            ops.Add(new StreamOp(true, 0, 0, long.MaxValue));
        }

        long expectedDropped = 0;
        for (int i = 0; i < ops.Count; i++)
        {
            if (i == s.RestoreAt)
            {
                harness.Restore();
            }

            StreamOp o = ops[i];
            var expected = new List<WindowResult<long, TOut>>();
            var expectedLate = new List<(long, long)>();
            if (o.IsWatermark)
            {
                reference.AdvanceWatermark(o.Time, expected);
                harness.Operator.AdvanceWatermark(o.Time);
            }
            else
            {
                reference.Add(o.Key, o.Value, o.Time, expected, expectedLate);
                harness.Operator.Add(o.Key, o.Value, o.Time);
            }

            Assert.Equal(expected.OrderBy(r => r.Key).ThenBy(r => r.Window.Start).ThenBy(r => r.Window.End), output.Take());
            Assert.Equal(s.SideOutput ? expectedLate : [], late.Take());
            expectedDropped += s.SideOutput ? 0 : expectedLate.Count;
            Assert.Equal(expectedDropped, harness.DroppedBefore + harness.Operator.LateDropped);
        }

        if (s.EndOfInput && windows is not GlobalWindows)
        {
            Assert.Empty(harness.Store.KeysOf("window-contents"));
        }
    }
}
