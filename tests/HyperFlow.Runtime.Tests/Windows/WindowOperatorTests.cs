using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.State;
using HyperFlow.Timers;
using HyperFlow.Windows;

namespace HyperFlow.Runtime.Tests.Windows;

public class WindowOperatorTests
{
    private static readonly IStateBackend s_memory = InMemoryStateBackend.Instance;

    [Fact]
    public void ProcessingTimeWindows_AreAssignedAndFiredByTheClock()
    {
        var clock = new ManualClock(1_000);
        var output = new ResultCollector<long, long>();
        using var harness = new GeneralWindowHarness<long, long>(s_memory, (store, timers, watermark) => Sum(store, timers, TumblingWindows.OfMilliseconds(10) with { Time = WindowTime.ProcessingTime }, output, watermark: watermark), clock);
        harness.Operator.Add(1, 5, timestamp: -50_000);
        clock.Now = 1_004;
        harness.Operator.Add(1, 7, timestamp: 3);
        clock.Now = 1_012;
        harness.Operator.Add(1, 1, timestamp: 0);

        // Event time does not matter to processing-time windows.
        harness.Operator.AdvanceWatermark(long.MaxValue);
        Assert.Empty(output.Results);

        harness.Operator.AdvanceProcessingTime(1_008);
        Assert.Empty(output.Results);
        harness.Operator.AdvanceProcessingTime(1_009);
        Assert.Equal([new WindowResult<long, long>(1, new TimeWindow(1_000, 1_010), 12)], output.Take());
        harness.Operator.AdvanceProcessingTime(2_000);
        Assert.Equal([new WindowResult<long, long>(1, new TimeWindow(1_010, 1_020), 1)], output.Take());
        Assert.Empty(harness.Store.KeysOf("window-contents"));
    }

    [Fact]
    public void CustomTrigger_FiresAndPurgesEarly_ThenFiresTheRestAtTheEnd()
    {
        var output = new ResultCollector<long, long>();
        using var harness = new GeneralWindowHarness<long, long>(s_memory, (store, timers, watermark) => Sum(store, timers, TumblingWindows.OfMilliseconds(100), output, new EarlyCountTrigger(2), watermark: watermark));
        harness.Operator.Add(1, 1, 10);
        Assert.Empty(output.Results);
        harness.Operator.Add(1, 2, 20);
        Assert.Equal([new WindowResult<long, long>(1, new TimeWindow(0, 100), 3)], output.Take());
        harness.Operator.Add(1, 4, 30);

        // A checkpoint in between: the trigger's count and timer come back with the window.
        harness.Restore();
        harness.Operator.Add(1, 8, 40);
        Assert.Equal([new WindowResult<long, long>(1, new TimeWindow(0, 100), 12)], output.Take());
        harness.Operator.Add(1, 16, 50);
        harness.Operator.AdvanceWatermark(99);
        Assert.Equal([new WindowResult<long, long>(1, new TimeWindow(0, 100), 16)], output.Take());
        Assert.Empty(harness.Store.KeysOf("window-contents"));
        Assert.Empty(harness.Store.KeysOf("early-count"));
    }

    [Fact]
    public void ProcessFunction_SeesKeyWindowWatermarkAndClock_AndEmitsSeveralResults()
    {
        var clock = new ManualClock(77);
        var output = new ResultCollector<string, string>();
        var store = WindowStores.Create<WindowKey<string>>(s_memory, clock: clock);
        var timers = new TimerService<string, TimeWindow>(() => WindowStores.Create<TimerKey<string, TimeWindow>>(s_memory, operatorUid: "window-timers", clock: clock));
        WindowOperator<string, long, string> op = WindowOperator.Process(store, timers, TumblingWindows.OfMilliseconds(10), new DescribeWindowFunction(), output);
        op.Add("a", 1, 3);
        op.Add("a", 1, 4);
        op.AdvanceWatermark(25);
        Assert.Equal(
            [
                new WindowResult<string, string>("a", new TimeWindow(0, 10), "2 elements"),
                new WindowResult<string, string>("a", new TimeWindow(0, 10), "a [0,10) watermark 25 clock 77"),
            ],
            output.Take().OrderBy(r => r.Value, StringComparer.Ordinal));
        store.Dispose();
        timers.Store.Dispose();
    }

    [Fact]
    public void SessionsMerging_MergeTheTriggersCountsAndContents()
    {
        var output = new ResultCollector<long, long>();
        using var harness = new GeneralWindowHarness<long, long>(s_memory, (store, timers, watermark) => Sum(store, timers, SessionWindows.WithGap(TimeSpan.FromMilliseconds(10)), output, new CountTrigger<long>(3), watermark: watermark));
        harness.Operator.Add(1, 1, 0);
        harness.Operator.Add(1, 2, 20);
        Assert.Empty(output.Results);

        // 10 touches [0, 10) and [20, 30): one session [0, 30) with a count of 3.
        harness.Operator.Add(1, 4, 10);
        Assert.Equal([new WindowResult<long, long>(1, new TimeWindow(0, 30), 7)], output.Take());
        harness.Restore();
        harness.Operator.Add(1, 8, 29);
        harness.Operator.Add(1, 16, 5);
        Assert.Empty(output.Results);
        harness.Operator.Add(1, 32, 38);
        Assert.Equal([new WindowResult<long, long>(1, new TimeWindow(0, 48), 63)], output.Take());
    }

    [Fact]
    public void GlobalWindows_WithTheDefaultTrigger_NeverFireAndKeepTheirState()
    {
        var output = new ResultCollector<long, long>();
        using var harness = new GeneralWindowHarness<long, long>(s_memory, (store, timers, watermark) => Sum(store, timers, GlobalWindows.Instance, output, watermark: watermark));
        harness.Operator.Add(1, 1, 0);
        harness.Operator.AdvanceWatermark(long.MaxValue);
        harness.Operator.Add(1, 1, 0);
        Assert.Empty(output.Results);
        Assert.Equal(0, harness.Operator.LateDropped);
        Assert.Equal([new WindowKey<long>(1, TimeWindow.Global)], harness.Store.KeysOf("window-contents"));
    }

    [Fact]
    public void LateSessionElement_WithoutSideOutput_IsCounted()
    {
        var output = new ResultCollector<long, long>();
        using var harness = new GeneralWindowHarness<long, long>(s_memory, (store, timers, watermark) => Sum(store, timers, SessionWindows.WithGap(TimeSpan.FromMilliseconds(10)), output, allowedLateness: 5, watermark: watermark));
        harness.Operator.Add(1, 1, 0);
        harness.Operator.AdvanceWatermark(14);
        Assert.Equal([new WindowResult<long, long>(1, new TimeWindow(0, 10), 1)], output.Take());
        Assert.Empty(harness.Store.KeysOf(WindowOperator<long, long, long>.SessionsStateName));

        // Sessions whose cleanup time the watermark has reached take nothing: their elements are late.
        harness.Operator.Add(1, 1, -1);
        harness.Operator.Add(1, 1, 0);
        Assert.Equal(2, harness.Operator.LateDropped);
        Assert.Empty(output.Results);

        // A new session that is past its end but not its cleanup time fires at once (a late firing).
        harness.Operator.Add(1, 1, 3);
        Assert.Equal([new WindowResult<long, long>(1, new TimeWindow(3, 13), 1)], output.Take());
    }

    [Fact]
    public void StringKeys_SurviveACheckpointOfBothStores()
    {
        var output = new ResultCollector<string, string>();
        using var harness = new GeneralWindowHarness<string, string>(s_memory, (store, timers, watermark) => WindowOperator.Aggregate<string, long, long[], string, MergingAggregateFold<long, long[], string, ValuesAggregate>>(store, timers, SessionWindows.WithGap(TimeSpan.FromMilliseconds(10)), output, watermark: watermark));
        harness.Operator.Add("sensor-1", 1, 0);
        harness.Operator.Add("sensor-2", 2, 5);
        harness.Operator.Add("sensor-1", 3, 8);
        harness.Restore();
        harness.Operator.Add("sensor-1", 4, 30);
        harness.Operator.AdvanceWatermark(long.MaxValue);
        Assert.Equal(
            [
                new WindowResult<string, string>("sensor-1", new TimeWindow(0, 18), "1,3"),
                new WindowResult<string, string>("sensor-1", new TimeWindow(30, 40), "4"),
                new WindowResult<string, string>("sensor-2", new TimeWindow(5, 15), "2"),
            ],
            output.Take());
    }

    [Fact]
    public void Sessions_WithAFoldOrTriggerThatCannotMerge_AreRejected()
    {
        using KeyedStateStore<WindowKey<long>> store = WindowStores.Create<WindowKey<long>>(s_memory);
        var timers = new TimerService<long, TimeWindow>(() => WindowStores.Create<TimerKey<long, TimeWindow>>(s_memory, operatorUid: "window-timers"));
        SessionWindows sessions = SessionWindows.WithGap(TimeSpan.FromSeconds(1));
        ArgumentException fold = Assert.Throws<ArgumentException>(() => WindowOperator.Aggregate<long, long, long, long, AggregateFold<long, long, long, PlainSumAggregate>>(store, timers, sessions, new ResultCollector<long, long>()));
        Assert.Contains("cannot merge", fold.Message, StringComparison.Ordinal);
        ArgumentException trigger = Assert.Throws<ArgumentException>(() => Sum(store, timers, sessions, new ResultCollector<long, long>(), new EarlyCountTrigger(2)));
        Assert.Contains("EarlyCountTrigger", trigger.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DynamicGap_OfAnotherElementType_OrNotPositive_IsRejected()
    {
        var list = new List<TimeWindow>();
        Assert.Throws<ArgumentException>(() => DynamicSessionWindows<string>.WithGap(_ => TimeSpan.FromSeconds(1)).AssignWindows(5L, 0, list));
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => DynamicSessionWindows<long>.WithGap(_ => TimeSpan.Zero).AssignWindows(5L, 0, list));
        Assert.Contains("at least 1 ms", error.Message, StringComparison.Ordinal);
    }

    private static WindowOperator<long, long, long> Sum(
        KeyedStateStore<WindowKey<long>> store, TimerService<long, TimeWindow> timers, WindowAssigner windows, ResultCollector<long, long> output, WindowTrigger<long>? trigger = null, long allowedLateness = 0, long watermark = long.MinValue)
        => WindowOperator.Aggregate<long, long, long, long, MergingAggregateFold<long, long, long, SumAggregate>>(store, timers, windows, output, trigger, TimeSpan.FromMilliseconds(allowedLateness), watermark: watermark);
}
