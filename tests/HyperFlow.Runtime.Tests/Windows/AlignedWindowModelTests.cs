using CsCheck;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.State;
using HyperFlow.Windows;

namespace HyperFlow.Runtime.Tests.Windows;

/// <summary>
/// The aligned window operator against <see cref="AlignedWindowReference{TOut}"/> on random
/// out-of-order streams with random watermarks, window sizes, slides, offsets and allowed lateness:
/// after every element and watermark both must have emitted the same results (key, window, value and
/// so timestamp, late firings included) and the same late elements. Half the runs snapshot the
/// operator mid-stream and finish in a fresh one restored from the snapshot.
/// </summary>
public class AlignedWindowModelTests
{
    [Fact]
    public void TumblingSum_RandomStreams_MatchReference()
        => Scenarios(tumbling: true).Sample(s => Check<long, long, MergingAggregateFold<long, long, long, SumAggregate>>(s, v => v.Sum()), iter: 300);

    [Fact]
    public void TumblingSumWithoutMerge_RandomStreams_MatchReference()
        => Scenarios(tumbling: true).Sample(s => Check<long, long, AggregateFold<long, long, long, PlainSumAggregate>>(s, v => v.Sum()), iter: 150);

    [Fact]
    public void SlidingSum_RandomStreams_MatchReference()
        => Scenarios(tumbling: false).Sample(s => Check<long, long, MergingAggregateFold<long, long, long, SumAggregate>>(s, v => v.Sum()), iter: 300);

    [Fact]
    public void SlidingMaxReduce_RandomStreams_MatchReference()
        => Scenarios(tumbling: false).Sample(s => Check<long, long, ReduceFold<long, MaxReduce>>(s, v => v.Max()), iter: 200);

    [Fact]
    public void SlidingStats_RandomStreams_MatchReference()
        => Scenarios(tumbling: false).Sample(s => Check<Stats, string, MergingAggregateFold<long, Stats, string, StatsAggregate>>(s, v => Stats.Format(v.Count, v.Sum(), v.Min())), iter: 150);

    [Fact]
    public void SlidingValuesWithReferenceAccumulator_RandomStreams_MatchReference()
        => Scenarios(tumbling: false).Sample(s => Check<long[], string, MergingAggregateFold<long, long[], string, ValuesAggregate>>(s, ValuesAggregate.Format), iter: 100);

    // The handle path (no sealed in-memory state): FASTER. Its snapshots take longer, so fewer runs.
    [Fact]
    public void SlidingSumOnFaster_RandomStreams_MatchReference()
        => Scenarios(tumbling: false).Sample(
            s =>
            {
                using var files = new ScratchDirectory();
                var backend = new FasterStateBackend(new FasterStoreOptions { Directory = files.Path, PageSizeBytes = 4096, MemoryBudgetBytes = 16 * 1024, SegmentSizeBytes = 64 * 1024, IndexBuckets = 1 << 10 });
                Check<long, long, MergingAggregateFold<long, long, long, SumAggregate>>(s, v => v.Sum(), backend);
            },
            iter: 25);

    [Fact]
    public void RestoreMidStream_EmitsExactlyWhatAnUninterruptedRunEmits()
        => Scenarios(tumbling: false).Sample(
            s =>
            {
                int restoreAt = Math.Abs(s.RestoreAt) % (s.Ops.Length + 1);
                Assert.Equal(Steps(s with { RestoreAt = -1 }), Steps(s with { RestoreAt = restoreAt }));
            },
            iter: 200);

    internal static Gen<Scenario> Scenarios(bool tumbling) =>
        from size in Gen.Long[1, 40]
        from slide in tumbling ? Gen.Const(size) : Gen.Long[1, size]
        from offset in Gen.Long[1 - slide, slide - 1]
        from lateness in Gen.OneOf(Gen.Const(0L), Gen.Long[0, 60])
        from sideOutput in Gen.Bool
        from drift in Gen.Int[0, 4]
        from ops in Gen.Select(Gen.Int[0, 9], Gen.Long[0, 4], Gen.Long[-50, 50], Gen.Long[-40, 12]).Array[0, 250]
        from endOfInput in Gen.Bool
        from restoreAt in Gen.Int[-ops.Length, ops.Length]
        select new Scenario(size, slide, offset, lateness, sideOutput, endOfInput, restoreAt, Stream(ops, drift));

    // Elements (8 in 10) and watermarks around a clock that advances by `drift` per operation: with
    // drift 0 everything is out of order, with more the stream moves forward with stragglers.
    private static StreamOp[] Stream((int Kind, long Key, long Value, long Noise)[] ops, int drift)
        => [.. ops.Select((op, i) => new StreamOp(op.Kind >= 8, op.Key, op.Value, -100 + ((long)i * drift) + op.Noise))];

    internal static void Check<TAcc, TOut, TFold>(Scenario s, Func<IReadOnlyList<long>, TOut> compute, IStateBackend? backend = null)
        where TFold : struct, IWindowFold<long, TAcc, TOut>
    {
        backend ??= InMemoryStateBackend.Instance;
        var reference = new AlignedWindowReference<TOut>(s.Size, s.Slide, s.Offset, s.Lateness, compute);
        var output = new ResultCollector<long, TOut>();
        var late = new LateCollector<long>();
        WindowAssigner windows = s.Size == s.Slide ? TumblingWindows.OfMilliseconds(s.Size, s.Offset) : SlidingWindows.OfMilliseconds(s.Size, s.Slide, s.Offset);
        KeyedStateStore<SliceKey<long>> store = WindowStores.Create<SliceKey<long>>(backend);
        AlignedWindowOperator<long, long, TAcc, TOut, TFold> op = Create(store, long.MinValue);
        long expectedDropped = 0;
        long droppedBefore = 0;
        try
        {
            List<StreamOp> ops = [.. s.Ops];
            if (s.EndOfInput)
            {
                ops.Add(new StreamOp(true, 0, 0, long.MaxValue));
            }

            for (int i = 0; i < ops.Count; i++)
            {
                if (i == s.RestoreAt)
                {
                    byte[] snapshot = WindowStores.Snapshot(store);
                    droppedBefore += op.LateDropped;
                    store.Dispose();
                    store = WindowStores.Create<SliceKey<long>>(backend, snapshot);
                    op = Create(store, op.Watermark);
                }

                StreamOp o = ops[i];
                var expected = new List<WindowResult<long, TOut>>();
                var expectedLate = new List<(long, long)>();
                if (o.IsWatermark)
                {
                    reference.AdvanceWatermark(o.Time, expected);
                    op.AdvanceWatermark(o.Time);
                }
                else
                {
                    reference.Add(o.Key, o.Value, o.Time, expected, expectedLate);
                    op.Add(o.Key, o.Value, o.Time);
                }

                Assert.Equal(expected.OrderBy(r => r.Key).ThenBy(r => r.Window.Start), output.Take());
                Assert.Equal(s.SideOutput ? expectedLate : [], late.Take());
                expectedDropped += s.SideOutput ? 0 : expectedLate.Count;
                Assert.Equal(expectedDropped, droppedBefore + op.LateDropped);
            }

            if (s.EndOfInput)
            {
                Assert.Equal(0, op.SliceCount);
                Assert.Empty(store.KeysOf(AlignedWindowOperator<long, long, TAcc, TOut, TFold>.StateName));
            }
        }
        finally
        {
            store.Dispose();
        }

        AlignedWindowOperator<long, long, TAcc, TOut, TFold> Create(KeyedStateStore<SliceKey<long>> into, long watermark)
            => new(into, windows, output, TimeSpan.FromMilliseconds(s.Lateness), s.SideOutput ? late : null, watermark);
    }

    // What the operator emits after each step, as text, checkpointing and restoring at s.RestoreAt.
    private static List<string> Steps(Scenario s)
    {
        var output = new ResultCollector<long, long>();
        var late = new LateCollector<long>();
        WindowAssigner windows = SlidingWindows.OfMilliseconds(s.Size, s.Slide, s.Offset);
        KeyedStateStore<SliceKey<long>> store = WindowStores.Create<SliceKey<long>>(InMemoryStateBackend.Instance);
        var op = new AlignedWindowOperator<long, long, long, long, MergingAggregateFold<long, long, long, SumAggregate>>(store, windows, output, TimeSpan.FromMilliseconds(s.Lateness), late);
        var steps = new List<string>();
        for (int i = 0; i < s.Ops.Length; i++)
        {
            if (i == s.RestoreAt)
            {
                byte[] snapshot = WindowStores.Snapshot(store);
                store.Dispose();
                store = WindowStores.Create<SliceKey<long>>(InMemoryStateBackend.Instance, snapshot);
                op = new(store, windows, output, TimeSpan.FromMilliseconds(s.Lateness), late, op.Watermark);
            }

            StreamOp o = s.Ops[i];
            if (o.IsWatermark)
            {
                op.AdvanceWatermark(o.Time);
            }
            else
            {
                op.Add(o.Key, o.Value, o.Time);
            }

            steps.Add(string.Join(' ', output.Take()) + " | " + string.Join(' ', late.Take()));
        }

        store.Dispose();
        return steps;
    }

    internal readonly record struct StreamOp(bool IsWatermark, long Key, long Value, long Time);

    internal sealed record Scenario(long Size, long Slide, long Offset, long Lateness, bool SideOutput, bool EndOfInput, int RestoreAt, StreamOp[] Ops)
    {
        public override string ToString()
            => FormattableString.Invariant($"size {Size} slide {Slide} offset {Offset} lateness {Lateness} side {SideOutput} end {EndOfInput} restore at {RestoreAt}: ") + string.Join(' ', Ops.Select(o => o.IsWatermark ? FormattableString.Invariant($"W{o.Time}") : FormattableString.Invariant($"{o.Key}:{o.Value}@{o.Time}")));
    }
}
