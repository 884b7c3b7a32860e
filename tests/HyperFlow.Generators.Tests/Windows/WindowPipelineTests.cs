using System.Text;
using CsCheck;

namespace HyperFlow.Generators.Tests.Windows;

/// <summary>
/// Windowed pipelines compiled with the generator and run on the real engine over random out-of-order
/// events (key, value, time), against slow references of Flink's window semantics. With one slot every
/// source read is followed by the watermark it advanced to, so the reference replays the run exactly:
/// results, late events and watermarks must match firing by firing (the results between two watermarks
/// as a multiset). With two slots events are never more than the watermark bound out of order, so
/// nothing is late and every window fires once whatever the interleaving of the subtasks.
/// </summary>
public class WindowPipelineTests
{
    private const long Bound = 50;
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(2);

    private const string Sum = "[Aggregate] static void Sum(ref long s, in Ev e) => s += e.Value;";
    private const string Plus = "[Merge] static long Plus(in long a, in long b) => a + b;";
    private const string ToOut = "[Map] static Out ToOut(in WindowResult<long, long> r) => (r.Key, r.Window.Start, r.Window.End, r.Value);";
    private const string SumAll = """
        [ProcessWindow] static void SumAll(in long key, in WindowContext context, ReadOnlySpan<Ev> events, Collector<long> output)
        {
            long s = 0;
            foreach (Ev e in events) { s += e.Value; }
            output.Emit(s);
        }
        """;

    private static readonly Func<IReadOnlyList<long>, long> s_sum = values => values.Sum();

    // Session gaps are odd and two-slot timestamps even: a session never just touches the next event of
    // its key, where the result would depend on whether the watermark between them came first.
    private static readonly Variant[] s_variants =
    [
        new("tumbling, aggregate (aligned)", "TumblingWindows.OfMilliseconds(100)", "Aggregate<long>(Sum)", Sum + ToOut, l => new AlignedWindowReference(100, 100, 0, l, s_sum)),
        new("sliding, aggregate with merge, offset (aligned)", "SlidingWindows.Of(TimeSpan.FromMilliseconds(90), TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(7))", "Aggregate<long>(Sum, Plus)", Sum + Plus + ToOut, l => new AlignedWindowReference(90, 30, 7, l, s_sum)),
        new(
            "sliding, reduce (aligned)",
            "SlidingWindows.OfMilliseconds(100, 40)",
            "Reduce(Max)",
            "[Reduce] static Ev Max(in Ev a, in Ev b) => a.Value >= b.Value ? a : b; [Map] static Out ToOut(in WindowResult<long, Ev> r) => (r.Key, r.Window.Start, r.Window.End, r.Value.Value);",
            l => new AlignedWindowReference(100, 40, 0, l, values => values.Max())),
        new("tumbling, process function", "TumblingWindows.OfMilliseconds(100, 10)", "Process<long>(SumAll)", SumAll + ToOut, l => new AlignedWindowReference(100, 100, 10, l, s_sum)),
        new("session, aggregate with merge", "SessionWindows.WithGap(TimeSpan.FromMilliseconds(45))", "Aggregate<long>(Sum, Plus)", Sum + Plus + ToOut, l => new SessionWindowReference(_ => 45, l, s_sum)),
        new(
            "dynamic session, process function",
            "DynamicSessionWindows<Ev>.WithGap(GapOf)",
            "Process<long>(SumAll)",
            SumAll + ToOut + "[SessionGap] static long GapOf(in Ev e) => 21 + (2 * (e.Value % 20));",
            l => new SessionWindowReference(v => 21 + (2 * (v % 20)), l, s_sum)),
        new("count windows, purging", "GlobalWindows.Instance", "CountTrigger(3, purging: true).Aggregate<long>(Sum)", Sum + ToOut, _ => new CountWindowReference(3, true, s_sum), EventTime: false),
    ];

    [Fact]
    public void RandomWindows_OneSlot_MatchReferenceFiringByFiringWithLateEvents()
        => Gen.Select(Gen.Int[0, s_variants.Length - 1], Gen.Int[0, 1], OutOfOrder())
            .Sample(t => CheckOneSlot(s_variants[t.Item1], t.Item2 * 60, t.Item3.Events, t.Item3.Chunks), iter: 60);

    [Fact]
    public void RandomWindows_TwoSlots_MatchReferenceAsMultisetsAndNothingIsLate()
        => Gen.Select(Gen.Int[0, s_variants.Length - 1].Where(i => s_variants[i].EventTime), Gen.Int[0, 1], WithinBound())
            .Sample(t => CheckTwoSlots(s_variants[t.Item1], t.Item2 * 60, t.Item3.Events, t.Item3.Chunks), iter: 30);

    [Fact]
    public void ProcessingTimeWindows_OneSlot_FollowTheJobClock()
    {
        const string job = """
            using HyperFlow;
            using HyperFlow.Windows;
            using Ev = (long Key, long Value, long Time);
            using Out = (long Key, long Start, long End, long Value);

            namespace Clocked;

            [Job("clocked")]
            public static partial class ClockedJob
            {
                [KeyBy] static long KeyOf(in Ev e) => e.Key;
                [Aggregate] static void Sum(ref long s, in Ev e) => s += e.Value;
                [Map] static Out ToOut(in WindowResult<long, long> r) => (r.Key, r.Window.Start, r.Window.End, r.Value);

                [Pipeline]
                static void Define(IPipelineBuilder p) => p
                    .From<Ev>("in")
                    .KeyBy(KeyOf)
                    .Window(TumblingWindows.OfMilliseconds(100) with { Time = WindowTime.ProcessingTime })
                    .Aggregate<long>(Sum)
                    .Map(ToOut)
                    .To("out");
            }
            """;
        JobDefinition definition = CompiledJobs.Load(job, "Clocked.ClockedJob");
        Gen.Select(Gen.Long[0, 3], Gen.Long[1, 100], Gen.Long[0, 40]).Array[0, 120].Sample(xs =>
        {
            // The time of an event is the processing time at which it is read: 1,000,000 onwards, in steps of up to 40 ms.
            long time = 1_000_000;
            (long Key, long Value, long Time)[] events = [.. xs.Select(x => (x.Item1, x.Item2, time += x.Item3))];
            var clock = new ManualClock { Now = 1_000_000 };
            var sink = new TimedSink<(long Key, long Start, long End, long Value)>();
            new JobHost(definition, new JobOptions { Parallelism = 1, TimeProvider = clock, WaitStrategy = WaitStrategy.BusySpin })
                .BindSource("in", new ChunkedSource(events, [.. events.Select(_ => 1)], clock))
                .BindSink("out", sink)
                .RunAsync()
                .WaitAsync(s_generous)
                .GetAwaiter()
                .GetResult();

            WindowOut[] expected = [.. events.GroupBy(e => (e.Key, Start: e.Time - (e.Time % 100)))
                .Select(g => new WindowOut(g.Key.Key, g.Key.Start, g.Key.Start + 100, g.Sum(e => e.Value)))
                .Order()];
            // A window fires when the clock reaches its end - 1 (as in Flink). An event read at exactly that time
            // may be processed after the firing: it forms the window again, which fires once more with it. So a
            // window's results add up to its sum, and it fires once more at most per such event.
            var results = sink.AllRecords.GroupBy(o => (o.Key, o.Start, o.End)).ToList();
            Assert.Equal(expected, results.Select(g => new WindowOut(g.Key.Key, g.Key.Start, g.Key.End, g.Sum(o => o.Value))).Order());
            foreach (var window in results)
            {
                int atLastInstant = events.Count(e => e.Key == window.Key.Key && e.Time == window.Key.End - 1);
                Assert.InRange(window.Count(), 1, 1 + atLastInstant);
            }
        }, iter: 15);
    }

    // Event i at time 10 i minus up to 300 ms: often more than the bound behind, so late for the watermark.
    private static Gen<((long Key, long Value, long Time)[] Events, int[] Chunks)> OutOfOrder()
        => Gen.Select(Gen.Long[0, 3], Gen.Long[1, 100], Gen.Long[0, 300], Gen.Int[1, 4]).Array[0, 200]
            .Select(xs => (xs.Select((x, i) => (x.Item1, x.Item2, (10L * i) - x.Item3)).ToArray(), xs.Select(x => x.Item4).ToArray()));

    // Event i at an even time 10 i minus up to the bound: never later than the watermark allows.
    private static Gen<((long Key, long Value, long Time)[] Events, int[] Chunks)> WithinBound()
        => Gen.Select(Gen.Long[0, 3], Gen.Long[1, 100], Gen.Long[0, Bound / 2], Gen.Int[1, 4]).Array[0, 200]
            .Select(xs => (xs.Select((x, i) => (x.Item1, x.Item2, 2 * ((5L * i) - x.Item3))).ToArray(), xs.Select(x => x.Item4).ToArray()));

    private static void CheckOneSlot(Variant variant, long lateness, (long Key, long Value, long Time)[] events, int[] chunks)
    {
        (TimedSink<(long Key, long Start, long End, long Value)> sink, TimedSink<(long Key, long Value, long Time)> late, ChunkedSource source) = Run(variant, lateness, events, chunks, parallelism: 1);

        // Replay: each read's events, then the watermark it advanced to; the end of input is the end of event time.
        IWindowReference reference = variant.Reference(lateness);
        var expected = new List<(long? Watermark, List<WindowOut> Results, List<(long, long, long)> Late)>();
        var results = new List<WindowOut>();
        var lateEvents = new List<(long, long, long)>();
        long max = long.MinValue;
        long watermark = long.MinValue;
        int next = 0;
        foreach (int read in source.Reads(0).Append(0))
        {
            foreach ((long Key, long Value, long Time) e in events.AsSpan(next, read))
            {
                reference.Add(e, results, lateEvents);
                max = Math.Max(max, e.Time);
            }

            next += read;
            long advanced = next == events.Length && read == 0 ? long.MaxValue : max - Bound - 1;
            if (advanced > watermark && (read > 0 || advanced == long.MaxValue))
            {
                watermark = advanced;
                reference.AdvanceWatermark(watermark, results);
                expected.Add((watermark, [.. results.Where(Kept)], [.. lateEvents]));
                results.Clear();
                lateEvents.Clear();
            }
        }

        expected.Add((null, [.. results.Where(Kept)], [.. lateEvents]));
        string what = $"{variant.Name}, lateness {lateness}, {events.Length} events";
        var actual = sink.Segments(0);
        var actualLate = late.Segments(0);
        Assert.True(expected.Count == actual.Count, $"{what}: {actual.Count - 1} watermarks at the sink, expected {expected.Count - 1}");
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Watermark, actual[i].Watermark);
            Assert.True(
                expected[i].Results.Order().SequenceEqual(actual[i].Records.Select(r => Out(r.Value)).Order()),
                $"{what}: results before watermark {i} ({expected[i].Watermark}) differ: expected [{string.Join(", ", expected[i].Results.Order())}], got [{string.Join(", ", actual[i].Records.Select(r => Out(r.Value)).Order())}]");
            Assert.All(actual[i].Records, r => Assert.Equal(Out(r.Value).Timestamp, r.Time));
            if (variant.EventTime)
            {
                Assert.Equal(expected[i].Watermark, actualLate[i].Watermark);
                Assert.Equal(expected[i].Late, actualLate[i].Records.Select(r => r.Value));
                Assert.All(actualLate[i].Records, r => Assert.Equal(r.Value.Time, r.Time));
            }
        }
    }

    private static void CheckTwoSlots(Variant variant, long lateness, (long Key, long Value, long Time)[] events, int[] chunks)
    {
        (TimedSink<(long Key, long Start, long End, long Value)> sink, TimedSink<(long Key, long Value, long Time)> late, _) = Run(variant, lateness, events, chunks, parallelism: 2);

        // Nothing is late, so feeding the reference the events in index order gives every window's one firing.
        IWindowReference reference = variant.Reference(lateness);
        var results = new List<WindowOut>();
        var lateEvents = new List<(long, long, long)>();
        long max = long.MinValue;
        foreach ((long Key, long Value, long Time) e in events)
        {
            reference.Add(e, results, lateEvents);
            max = Math.Max(max, e.Time);
            reference.AdvanceWatermark(max - Bound - 1, results);
        }

        reference.AdvanceWatermark(long.MaxValue, results);
        string what = $"{variant.Name}, lateness {lateness}, {events.Length} events";
        Assert.Empty(lateEvents);
        Assert.Empty(late.AllRecords);
        Assert.True(
            results.Where(Kept).Order().SequenceEqual(sink.AllRecords.Select(Out).Order()),
            $"{what}: expected [{string.Join(", ", results.Where(Kept).Order())}], got [{string.Join(", ", sink.AllRecords.Select(Out).Order())}]");

        // Each result goes out after the last watermark below its timestamp and before the first one at or above it.
        foreach (int subtask in sink.Subtasks)
        {
            long previous = long.MinValue;
            foreach ((long? Watermark, List<((long Key, long Start, long End, long Value) Value, long Time)> Records) segment in sink.Segments(subtask))
            {
                Assert.All(segment.Records, r => Assert.True(r.Time > previous && r.Time <= (segment.Watermark ?? long.MinValue), $"{what}: result at {r.Time} between watermarks {previous} and {segment.Watermark}"));
                previous = segment.Watermark ?? previous;
            }

            Assert.Equal(long.MaxValue, previous);
        }
    }

    private static (TimedSink<(long Key, long Start, long End, long Value)> Sink, TimedSink<(long Key, long Value, long Time)> Late, ChunkedSource Source) Run(
        Variant variant, long lateness, (long Key, long Value, long Time)[] events, int[] chunks, int parallelism)
    {
        JobDefinition job = Compile(variant, lateness);
        var source = new ChunkedSource(events, chunks);
        var sink = new TimedSink<(long Key, long Start, long End, long Value)>();
        var late = new TimedSink<(long Key, long Value, long Time)>();
        JobHost host = new JobHost(job, new JobOptions { Parallelism = parallelism, RingCapacity = 32, BatchSize = 8 })
            .BindSource("in", source)
            .BindSink("out", sink);
        if (variant.EventTime)
        {
            host.BindSink("late", late);
        }

        host.RunAsync().WaitAsync(s_generous).GetAwaiter().GetResult();
        return (sink, late, source);
    }

    private static JobDefinition Compile(Variant variant, long lateness)
    {
        string options = variant.EventTime ? $".AllowedLateness({lateness}).LateData(late => late.To(\"late\"))" : string.Empty;
        var source = new StringBuilder();
        source.Append("""
            using System;
            using HyperFlow;
            using HyperFlow.Windows;
            using Ev = (long Key, long Value, long Time);
            using Out = (long Key, long Start, long End, long Value);

            namespace Windowed;

            [Job("windowed")]
            public static partial class WindowedJob
            {
                [Timestamp] static long TimeOf(in Ev e) => e.Time;
                [KeyBy] static long KeyOf(in Ev e) => e.Key;
                [Filter] static bool Kept(in Out o) => o.Value % 7 != 3;

            """);
        source.Append(variant.Declarations).Append('\n')
            .Append($"[Pipeline] static void Define(IPipelineBuilder p) => p.From<Ev>(\"in\").Timestamps(TimeOf, maxOutOfOrderMs: {Bound}).KeyBy(KeyOf)")
            .Append($".Window({variant.Window}){options}.{variant.Function}.Map(ToOut).Filter(Kept).To(\"out\");\n}}\n");
        return CompiledJobs.Load(source.ToString(), "Windowed.WindowedJob");
    }

    // The jobs keep the results whose value is not 3 modulo 7 (a filter after the window, in its chain).
    private static bool Kept(WindowOut result) => result.Value % 7 != 3;

    private static WindowOut Out((long Key, long Start, long End, long Value) o) => new(o.Key, o.Start, o.End, o.Value);

    private sealed record Variant(string Name, string Window, string Function, string Declarations, Func<long, IWindowReference> Reference, bool EventTime = true);
}
