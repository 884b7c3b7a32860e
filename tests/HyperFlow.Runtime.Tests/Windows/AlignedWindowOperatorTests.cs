using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.State;
using HyperFlow.Testing;
using HyperFlow.Windows;

namespace HyperFlow.Runtime.Tests.Windows;

public class AlignedWindowOperatorTests
{
    [Fact]
    public void Tumbling_ElementAtEndMinusOne_FiresWhenTheWatermarkReachesEndMinusOne()
    {
        var (op, output, _) = Sum(TumblingWindows.OfMilliseconds(10));
        op.Add(1, 5, 9);
        op.AdvanceWatermark(8);
        Assert.Empty(output.Results);

        op.AdvanceWatermark(9);
        WindowResult<long, long> result = Assert.Single(output.Take());
        Assert.Equal(new WindowResult<long, long>(1, new TimeWindow(0, 10), 5), result);
        Assert.Equal(9, result.Timestamp);
    }

    [Fact]
    public void AllowedLateness_LateElementsFireAgainUntilTheCleanupTime_ThenGoToTheSideOutput()
    {
        var late = new LateCollector<long>();
        var (op, output, _) = Sum(TumblingWindows.OfMilliseconds(10), lateness: 5, late);
        op.Add(1, 1, 3);
        op.AdvanceWatermark(9);
        Assert.Equal([new WindowResult<long, long>(1, new TimeWindow(0, 10), 1)], output.Take());

        // Within the lateness: the window fires again at once with the updated value.
        op.Add(1, 2, 4);
        Assert.Equal([new WindowResult<long, long>(1, new TimeWindow(0, 10), 3)], output.Take());
        op.AdvanceWatermark(13);
        op.Add(1, 4, 0);
        Assert.Equal([new WindowResult<long, long>(1, new TimeWindow(0, 10), 7)], output.Take());

        // The watermark reaches the cleanup time (9 + 5): the window is gone, its elements are late.
        op.AdvanceWatermark(14);
        Assert.Equal(0, op.SliceCount);
        op.Add(1, 8, 6);
        Assert.Empty(output.Results);
        Assert.Equal([(8L, 6L)], late.Take());
        Assert.Equal(0, op.LateDropped);
    }

    [Fact]
    public void LateElement_WithoutSideOutput_IsCountedAsDropped()
    {
        var (op, output, _) = Sum(TumblingWindows.OfMilliseconds(10));
        op.AdvanceWatermark(9);
        op.Add(1, 1, 9);
        op.Add(2, 1, 0);
        op.Add(3, 1, 10);
        Assert.Equal(2, op.LateDropped);
        op.AdvanceWatermark(long.MaxValue);
        Assert.Equal([new WindowResult<long, long>(3, new TimeWindow(10, 20), 1)], output.Take());
    }

    [Theory]
    [InlineData(-1, -10, 0)]
    [InlineData(-10, -10, 0)]
    [InlineData(-11, -20, -10)]
    [InlineData(0, 0, 10)]
    public void NegativeTimestamps_FallInTheFlooredWindow(long timestamp, long start, long end)
    {
        var (op, output, _) = Sum(TumblingWindows.OfMilliseconds(10));
        op.Add(1, 1, timestamp);
        op.AdvanceWatermark(long.MaxValue);
        Assert.Equal([new WindowResult<long, long>(1, new TimeWindow(start, end), 1)], output.Take());
    }

    [Theory]
    [InlineData(3, 2, -7, 3)]
    [InlineData(3, 3, 3, 13)]
    [InlineData(-3, 7, 7, 17)]
    [InlineData(-3, 6, -3, 7)]
    public void TumblingOffset_ShiftsTheWindowBoundaries(long offset, long timestamp, long start, long end)
    {
        var (op, output, _) = Sum(TumblingWindows.OfMilliseconds(10, offset));
        op.Add(1, 1, timestamp);
        op.AdvanceWatermark(long.MaxValue);
        Assert.Equal([new WindowResult<long, long>(1, new TimeWindow(start, end), 1)], output.Take());
    }

    [Fact]
    public void SlidingOffset_AssignsTheWindowsThatStartAtOffsetPlusMultiplesOfTheSlide()
    {
        // Size 10, slide 4, offset 1: windows start at ..., -7, -3, 1, ...; timestamp 0 is in two of them.
        var (op, output, _) = Sum(SlidingWindows.OfMilliseconds(10, 4, 1));
        op.Add(1, 1, 0);
        op.AdvanceWatermark(long.MaxValue);
        Assert.Equal([new WindowResult<long, long>(1, new TimeWindow(-7, 3), 1), new WindowResult<long, long>(1, new TimeWindow(-3, 7), 1)], output.Take());
    }

    [Fact]
    public void Sliding_KeepsOneAccumulatorPerKeyAndSlice_NotPerWindow()
    {
        // 10 ms windows every 5 ms: slices of 5 ms, each element in two windows but one accumulator.
        var (op, output, store) = Sum(SlidingWindows.OfMilliseconds(10, 5));
        for (long t = 0; t < 20; t++)
        {
            for (long key = 0; key < 3; key++)
            {
                op.Add(key, 1, t);
            }
        }

        Assert.Equal(4, op.SliceCount);
        Assert.Equal(12, store.KeysOf(AlignedWindowOperator<long, long, long, long, MergingAggregateFold<long, long, long, SumAggregate>>.StateName).Count);
        op.AdvanceWatermark(long.MaxValue);
        List<WindowResult<long, long>> results = output.Take();
        Assert.Equal(15, results.Count);
        Assert.All(results, r => Assert.Equal(r.Window.Start is -5 or 15 ? 5 : 10, r.Value));
        Assert.Equal(0, op.SliceCount);
        Assert.Empty(store.KeysOf(AlignedWindowOperator<long, long, long, long, MergingAggregateFold<long, long, long, SumAggregate>>.StateName));
    }

    [Fact]
    public void Restore_WithTheCheckpointedWatermark_DoesNotFireWindowsAgainAndKeepsLateness()
    {
        var (op, output, store) = Sum(TumblingWindows.OfMilliseconds(10), lateness: 20);
        op.Add(1, 1, 5);
        op.Add(1, 2, 15);
        op.AdvanceWatermark(12);
        Assert.Equal([new WindowResult<long, long>(1, new TimeWindow(0, 10), 1)], output.Take());
        byte[] snapshot = WindowStores.Snapshot(store);

        using KeyedStateStore<SliceKey<long>> restoredStore = WindowStores.Create<SliceKey<long>>(InMemoryStateBackend.Instance, snapshot);
        var restored = new AlignedWindowOperator<long, long, long, long, MergingAggregateFold<long, long, long, SumAggregate>>(restoredStore, TumblingWindows.OfMilliseconds(10), output, TimeSpan.FromMilliseconds(20), watermark: op.Watermark);
        Assert.Equal(2, restored.SliceCount);
        restored.AdvanceWatermark(19);
        Assert.Equal([new WindowResult<long, long>(1, new TimeWindow(10, 20), 2)], output.Take());

        // [0, 10) is within its lateness: a late element fires it again with everything restored.
        restored.Add(1, 4, 9);
        Assert.Equal([new WindowResult<long, long>(1, new TimeWindow(0, 10), 5)], output.Take());
    }

    [Fact]
    public void StringKeysAndReferenceAccumulators_SurviveASnapshot()
    {
        var output = new ResultCollector<string, string>();
        using KeyedStateStore<SliceKey<string>> store = WindowStores.Create<SliceKey<string>>(InMemoryStateBackend.Instance);
        var op = new AlignedWindowOperator<string, long, long[], string, MergingAggregateFold<long, long[], string, ValuesAggregate>>(store, SlidingWindows.OfMilliseconds(10, 5), output);
        op.Add("sensor-1", 3, 1);
        op.Add("sensor-2", 4, 7);
        op.Add("sensor-1", 5, 8);
        byte[] snapshot = WindowStores.Snapshot(store);

        using KeyedStateStore<SliceKey<string>> restoredStore = WindowStores.Create<SliceKey<string>>(InMemoryStateBackend.Instance, snapshot);
        var restored = new AlignedWindowOperator<string, long, long[], string, MergingAggregateFold<long, long[], string, ValuesAggregate>>(restoredStore, SlidingWindows.OfMilliseconds(10, 5), output);
        restored.Add("sensor-1", 1, 12);
        restored.AdvanceWatermark(long.MaxValue);
        Assert.Equal(
            [
                new WindowResult<string, string>("sensor-1", new TimeWindow(-5, 5), "3"),
                new WindowResult<string, string>("sensor-1", new TimeWindow(0, 10), "3,5"),
                new WindowResult<string, string>("sensor-1", new TimeWindow(5, 15), "1,5"),
                new WindowResult<string, string>("sensor-1", new TimeWindow(10, 20), "1"),
                new WindowResult<string, string>("sensor-2", new TimeWindow(0, 10), "4"),
                new WindowResult<string, string>("sensor-2", new TimeWindow(5, 15), "4"),
            ],
            output.Take());
    }

    [Fact]
    public void InOrderElements_InACachedSlice_AllocateNothing()
    {
        var (op, _, _) = Sum(TumblingWindows.OfMilliseconds(1000));
        for (long key = 0; key < 1000; key++)
        {
            op.Add(key, 1, 0);
        }

        long allocated = Allocations.OnThisThread(() =>
        {
            for (int i = 0; i < 100_000; i++)
            {
                op.Add(i % 1000, i, i / 100);
            }
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void EndBatch_CountsTheWritesOfTheCachedSlice_InTheStoresStatistics()
    {
        var (op, _, store) = Sum(TumblingWindows.OfMilliseconds(1000));
        // The first element finds no cached slice (a write counted as it is made); the next two go through the
        // cached slice, whose writes EndBatch counts. A late element is dropped without a write.
        op.Add(1, 10, 0);
        op.Add(2, 20, 1);
        op.Add(1, 30, 2);
        op.EndBatch(3);
        Assert.Equal(3, store.Statistics.Writes);

        op.AdvanceWatermark(999);
        long afterFiring = store.Statistics.Writes;
        op.Add(3, 40, 5);
        op.EndBatch(1);
        Assert.Equal(afterFiring, store.Statistics.Writes);
        Assert.Equal(1, op.LateDropped);
    }

    [Fact]
    public void SlidingWindows_WithAFoldThatCannotMerge_AreRejected()
    {
        using KeyedStateStore<SliceKey<long>> store = WindowStores.Create<SliceKey<long>>(InMemoryStateBackend.Instance);
        ArgumentException error = Assert.Throws<ArgumentException>(() => new AlignedWindowOperator<long, long, long, long, AggregateFold<long, long, long, PlainSumAggregate>>(store, SlidingWindows.OfMilliseconds(10, 5), new ResultCollector<long, long>()));
        Assert.Contains("cannot merge", error.Message, StringComparison.Ordinal);
        Assert.Contains("operator 'window'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProcessingTimeOrSessionWindows_AreRejected_PointingToTheGeneralOperator()
    {
        using KeyedStateStore<SliceKey<long>> store = WindowStores.Create<SliceKey<long>>(InMemoryStateBackend.Instance);
        foreach (WindowAssigner windows in new WindowAssigner[] { TumblingWindows.OfMilliseconds(10) with { Time = WindowTime.ProcessingTime }, SessionWindows.WithGap(TimeSpan.FromSeconds(1)) })
        {
            ArgumentException error = Assert.Throws<ArgumentException>(() => new AlignedWindowOperator<long, long, long, long, MergingAggregateFold<long, long, long, SumAggregate>>(store, windows, new ResultCollector<long, long>()));
            Assert.Contains("use WindowOperator", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Timestamp_AtTheEndsOfTheLongRange_IsRejectedWithTheKey()
    {
        var (op, _, _) = Sum(TumblingWindows.OfMilliseconds(10));
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => op.Add(7, 1, long.MaxValue - 5));
        Assert.Contains("key '7'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(10, 10)]
    [InlineData(10, -10)]
    public void InvalidWindowSizes_AreRejected(long size, long offset)
        => Assert.Throws<ArgumentOutOfRangeException>(() => TumblingWindows.OfMilliseconds(size, offset));

    [Theory]
    [InlineData(10, 0)]
    [InlineData(10, 11)]
    public void InvalidSlides_AreRejected(long size, long slide)
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => SlidingWindows.OfMilliseconds(size, slide));
        Assert.Contains("slide", error.Message, StringComparison.Ordinal);
    }

    private static (AlignedWindowOperator<long, long, long, long, MergingAggregateFold<long, long, long, SumAggregate>> Op, ResultCollector<long, long> Output, KeyedStateStore<SliceKey<long>> Store) Sum(
        WindowAssigner windows, long lateness = 0, LateCollector<long>? late = null)
    {
        var output = new ResultCollector<long, long>();
        KeyedStateStore<SliceKey<long>> store = WindowStores.Create<SliceKey<long>>(InMemoryStateBackend.Instance);
        return (new(store, windows, output, TimeSpan.FromMilliseconds(lateness), late), output, store);
    }
}
