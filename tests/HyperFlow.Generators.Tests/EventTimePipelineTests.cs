using System.Collections.Concurrent;
using System.Text;
using CsCheck;

namespace HyperFlow.Generators.Tests;

/// <summary>
/// Random pipelines with timestamps, compiled with the generator and run on the real engine over a
/// source whose subtasks each read two partitions, with events at most <see cref="Bound"/> out of order
/// within a partition. Against a plain interpreter that carries each value's timestamp: every record
/// keeps the timestamp of the event it came from (map, filter, flat-map, key-by, aggregate, reduce);
/// every sink subtask sees strictly increasing watermarks ending at <see cref="long.MaxValue"/> and no
/// record at or below a watermark it has seen (nothing is late, as the bound promises); with one slot
/// the last watermark before the end is the minimum over the partitions of their watermark.
/// </summary>
public class EventTimePipelineTests
{
    private const long Bound = 50;
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(2);

    private static readonly string[] s_strategies =
    [
        $".Timestamps(TimeOf, maxOutOfOrderMs: {Bound})",
        ".Timestamps<Punctuated>(TimeOf)",
    ];

    // Each step: (pipeline call, operator declaration, reference behaviour on (value, timestamp)).
    private static readonly Step[] s_steps =
    [
        new(".Map(AddOne)", "[Map] static long AddOne(in long x) => x + 1;", xs => xs.Select(x => x with { V = x.V + 1 })),
        new(".Filter(IsEven)", "[Filter] static bool IsEven(in long x) => (x & 1) == 0;", xs => xs.Where(x => (x.V & 1) == 0)),
        new(".FlatMap<long>(Twice)", "[FlatMap] static void Twice(in long x, Collector<long> o) { o.Emit(x); o.Emit(x + 1000); }", xs => xs.SelectMany(x => new[] { x, x with { V = x.V + 1000 } })),
        new(".FlatMap<long>(DropFours)", "[FlatMap] static void DropFours(in long x, Collector<long> o) { if (x % 4 != 0) { o.Emit(x); } }", xs => xs.Where(x => x.V % 4 != 0)),
        new(".Rebalance()", string.Empty, xs => xs),
        new(".Forward()", string.Empty, xs => xs),
        new(".KeyBy(Mod5).Reduce(Max)", "[KeyBy] static long Mod5(in long x) => x % 5; [Reduce] static long Max(in long a, in long b) => a > b ? a : b;", RunningMaxByMod5, Keyed: true),
        new(".KeyBy(Mod7).Aggregate<long>(Sum).Map(Value)", "[KeyBy] static long Mod7(in long x) => x % 7; [Aggregate] static void Sum(ref long s, in long x) => s += x; [Map] static long Value(in KeyedValue<long, long> kv) => kv.Value;", RunningSumByMod7, Keyed: true),
    ];

    [Fact]
    public void RandomPipelines_OneSlot_MatchInterpreterAndWatermarksAreMinimumOverPartitions()
        => Gen.Select(Gen.Int[0, 1], Steps(keyed: true), Events())
            .Sample(t => Check(t.Item1, t.Item2, t.Item3, parallelism: 1), iter: 20);

    [Fact]
    public void RandomPipelines_ThreeSlots_MatchInterpreterAsMultisetsAndNothingIsLate()
        => Gen.Select(Gen.Int[0, 1], Steps(keyed: false), Events())
            .Sample(t => Check(t.Item1, t.Item2, t.Item3, parallelism: 3), iter: 20);

    private static Gen<int[]> Steps(bool keyed)
        => Gen.Int[0, s_steps.Length - 1].Array[0, 5].Where(s => (keyed || s.All(i => !s_steps[i].Keyed))
            && !s.Zip(s.Skip(1)).Any(p => s_steps[p.First].Declaration.Length == 0 && s_steps[p.Second].Declaration.Length == 0));

    // Event i has timestamp 2 i minus up to the bound: never more than the bound behind any earlier
    // event, and often behind some (a partition's events are a few indexes apart).
    private static Gen<(long Value, long Time)[]> Events()
        => Gen.Select(Gen.Long[-10_000, 10_000], Gen.Long[0, Bound]).Array[0, 300]
            .Select(xs => xs.Select((x, i) => (x.Item1, (2 * i) - x.Item2)).ToArray());

    private static void Check(int strategy, int[] steps, (long Value, long Time)[] events, int parallelism)
    {
        JobDefinition job = Compile(strategy, steps);
        var source = new PartitionedSource(events);
        var sink = new EventTimeSink();
        new JobHost(job, new JobOptions { Parallelism = parallelism, RingCapacity = 32, BatchSize = 8 })
            .BindSource("in", source)
            .BindSink("out", sink)
            .RunAsync()
            .WaitAsync(s_generous)
            .GetAwaiter()
            .GetResult();

        // With one slot every stage sees its input in the order the source delivers it.
        IEnumerable<(long V, long T)> expected = parallelism == 1
            ? PartitionedSource.Order(events, 0, 1).Select(o => (o.Event.Value, o.Event.Time))
            : events.Select(e => (e.Value, e.Time));
        foreach (int step in steps)
        {
            expected = s_steps[step].Reference(expected);
        }

        string pipeline = s_strategies[strategy] + string.Concat(steps.Select(i => s_steps[i].Call));
        if (parallelism == 1)
        {
            Assert.True(expected.SequenceEqual(sink.Records(0)), $"pipeline {pipeline}: records or timestamps differ from the interpreter");
            (long Value, long Time)[][] partitions = [.. Enumerable.Range(0, 2).Select(p => events.Where((_, i) => i % 2 == p).ToArray())];
            long[] beforeEnd = [.. sink.Watermarks(0).Where(w => w != long.MaxValue)];
            if (partitions.All(p => p.Length > 0))
            {
                Assert.Equal(partitions.Min(p => p.Max(e => e.Time) - Bound - 1), beforeEnd.LastOrDefault(long.MinValue));
            }
            else
            {
                Assert.Empty(beforeEnd);
            }
        }
        else
        {
            Assert.True(expected.Order().SequenceEqual(sink.AllRecords.Order()), $"pipeline {pipeline}: records or timestamps differ from the interpreter");
        }

        foreach (int subtask in Enumerable.Range(0, parallelism))
        {
            long watermark = long.MinValue;
            foreach (Entry entry in sink.Entries(subtask))
            {
                if (entry.IsWatermark)
                {
                    Assert.True(entry.Time > watermark, $"pipeline {pipeline}: watermark {entry.Time} after {watermark}");
                    watermark = entry.Time;
                }
                else
                {
                    Assert.True(entry.Time > watermark, $"pipeline {pipeline}: record at {entry.Time} is late behind watermark {watermark}");
                }
            }

            Assert.Equal(long.MaxValue, watermark);
        }
    }

    private static JobDefinition Compile(int strategy, int[] steps)
    {
        var source = new StringBuilder();
        source.Append("""
            using HyperFlow;
            namespace Timed;
            [Job("timed")]
            public static partial class TimedJob
            {
                // The watermark of bounded out-of-orderness, emitted per event (punctuated) rather than per batch.
                private struct Punctuated : IWatermarkGenerator<(long Value, long Time)>
                {
                    public void OnEvent(in (long Value, long Time) value, long timestamp, ref WatermarkOutput output) => output.EmitWatermark(timestamp - 51);
                    public void OnPeriodicEmit(ref WatermarkOutput output) { }
                }

                [Timestamp] static long TimeOf(in (long Value, long Time) e) => e.Time;
                [Map] static long ValueOf(in (long Value, long Time) e) => e.Value;

            """);
        foreach (int step in steps.Distinct())
        {
            source.Append("    ").Append(s_steps[step].Declaration).Append('\n');
        }

        source.Append("    [Pipeline] static void Define(IPipelineBuilder p) => p.From<(long Value, long Time)>(\"in\")")
            .Append(s_strategies[strategy])
            .Append(".Map(ValueOf)")
            .Append(string.Concat(steps.Select(i => s_steps[i].Call)))
            .Append(".To(\"out\");\n}\n");
        return CompiledJobs.Load(source.ToString(), "Timed.TimedJob");
    }

    private static IEnumerable<(long V, long T)> RunningMaxByMod5(IEnumerable<(long V, long T)> xs)
    {
        var max = new Dictionary<long, long>();
        foreach ((long v, long t) in xs)
        {
            long k = v % 5;
            max[k] = max.TryGetValue(k, out long m) && m > v ? m : v;
            yield return (max[k], t);
        }
    }

    private static IEnumerable<(long V, long T)> RunningSumByMod7(IEnumerable<(long V, long T)> xs)
    {
        var sum = new Dictionary<long, long>();
        foreach ((long v, long t) in xs)
        {
            long k = v % 7;
            sum[k] = sum.GetValueOrDefault(k) + v;
            yield return (sum[k], t);
        }
    }

    private sealed record Step(string Call, string Declaration, Func<IEnumerable<(long V, long T)>, IEnumerable<(long V, long T)>> Reference, bool Keyed = false);

    private readonly record struct Entry(bool IsWatermark, long Value, long Time);

    /// <summary>
    /// Subtask s reads the events at indexes ≡ s (mod parallelism) as two partitions (every other one of
    /// its events) that take turns delivering three events at a time, whatever the size of the reads.
    /// </summary>
    private sealed class PartitionedSource((long Value, long Time)[] events) : ISource<(long Value, long Time)>
    {
        /// <summary>The order in which a subtask delivers its events, with the partition of each.</summary>
        public static (int Partition, (long Value, long Time) Event)[] Order((long Value, long Time)[] events, int subtask, int parallelism)
        {
            (long, long)[] mine = [.. events.Where((_, i) => i % parallelism == subtask)];
            Queue<(long, long)>[] partitions = [new(mine.Where((_, i) => i % 2 == 0)), new(mine.Where((_, i) => i % 2 == 1))];
            var order = new List<(int, (long, long))>();
            for (int turn = 0; partitions.Any(p => p.Count > 0); turn = 1 - turn)
            {
                for (int n = 0; n < 3 && partitions[turn].Count > 0; n++)
                {
                    order.Add((turn, partitions[turn].Dequeue()));
                }
            }

            return [.. order];
        }

        public ISourceReader<(long Value, long Time)> CreateReader(int subtask, int parallelism) => new Reader(Order(events, subtask, parallelism));

        private sealed class Reader((int Partition, (long Value, long Time) Event)[] order) : IPartitionedSourceReader<(long Value, long Time)>
        {
            private int _next;

            public bool IsFinished => _next == order.Length;

            public int PartitionCount => 2;

            public int CurrentPartition { get; private set; }

            // One read never mixes partitions.
            public int Read(Span<(long Value, long Time)> buffer)
            {
                int n = 0;
                while (n < buffer.Length && _next < order.Length && (n == 0 || order[_next].Partition == CurrentPartition))
                {
                    CurrentPartition = order[_next].Partition;
                    buffer[n++] = order[_next++].Event;
                }

                return n;
            }
        }
    }

    /// <summary>Keeps what each sink subtask receives, records with their timestamps and watermarks, in order.</summary>
    private sealed class EventTimeSink : ISink<long>
    {
        private readonly ConcurrentDictionary<int, List<Entry>> _bySubtask = new();

        public IEnumerable<(long V, long T)> AllRecords => _bySubtask.Values.SelectMany(v => v).Where(e => !e.IsWatermark).Select(e => (e.Value, e.Time));

        public IEnumerable<Entry> Entries(int subtask) => _bySubtask.GetValueOrDefault(subtask) ?? [];

        public IEnumerable<(long V, long T)> Records(int subtask) => Entries(subtask).Where(e => !e.IsWatermark).Select(e => (e.Value, e.Time));

        public IEnumerable<long> Watermarks(int subtask) => Entries(subtask).Where(e => e.IsWatermark).Select(e => e.Time);

        public ISinkWriter<long> CreateWriter(int subtask, int parallelism) => new Writer(_bySubtask.GetOrAdd(subtask, _ => []));

        private sealed class Writer(List<Entry> entries) : ITimestampedSinkWriter<long>
        {
            public void Write(ReadOnlySpan<long> batch) => throw new InvalidOperationException("a stream with timestamps must write them");

            public void Write(ReadOnlySpan<long> batch, ReadOnlySpan<long> timestamps)
            {
                for (int i = 0; i < batch.Length; i++)
                {
                    entries.Add(new Entry(false, batch[i], timestamps[i]));
                }
            }

            public void WriteWatermark(long watermark) => entries.Add(new Entry(true, 0, watermark));

            public void Complete()
            {
            }
        }
    }
}
