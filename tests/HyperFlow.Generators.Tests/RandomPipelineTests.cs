using System.Collections.Concurrent;
using System.Text;
using CsCheck;

namespace HyperFlow.Generators.Tests;

/// <summary>
/// Random pipelines, compiled with the generator and run on the real engine, against a plain
/// interpreter of the same steps. With one slot every stage sees its input in order, so the outputs
/// must match exactly; with more slots, pipelines without running aggregates must match as multisets.
/// </summary>
public class RandomPipelineTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(2);

    // Each step: (pipeline call, operator declaration, reference behaviour).
    private static readonly Step[] s_steps =
    [
        new(".Map(AddOne)", "[Map] static long AddOne(in long x) => x + 1;", xs => xs.Select(x => x + 1)),
        new(".Map(Triple)", "[Map] static long Triple(in long x) => x * 3;", xs => xs.Select(x => x * 3)),
        new(".Map(Halve)", "[Map] static long Halve(in long x) => x / 2;", xs => xs.Select(x => x / 2)),
        new(".Filter(IsEven)", "[Filter] static bool IsEven(in long x) => (x & 1) == 0;", xs => xs.Where(x => (x & 1) == 0)),
        new(".Filter(NotThree)", "[Filter] static bool NotThree(in long x) => x % 3 != 0;", xs => xs.Where(x => x % 3 != 0)),
        new(".FlatMap<long>(Twice)", "[FlatMap] static void Twice(in long x, Collector<long> o) { o.Emit(x); o.Emit(x + 1000); }", xs => xs.SelectMany(x => new[] { x, x + 1000 })),
        new(".FlatMap<long>(DropFours)", "[FlatMap] static void DropFours(in long x, Collector<long> o) { if (x % 4 != 0) { o.Emit(x); } }", xs => xs.Where(x => x % 4 != 0)),
        new(".Rebalance()", string.Empty, xs => xs),
        new(".Forward()", string.Empty, xs => xs),
        new(".KeyBy(Mod5).Reduce(Max)", "[KeyBy] static long Mod5(in long x) => x % 5; [Reduce] static long Max(in long a, in long b) => a > b ? a : b;", RunningMaxByMod5, Keyed: true),
        new(".KeyBy(Mod7).Aggregate<long>(Sum).Map(Value)", "[KeyBy] static long Mod7(in long x) => x % 7; [Aggregate] static void Sum(ref long s, in long x) => s += x; [Map] static long Value(in KeyedValue<long, long> kv) => kv.Value;", RunningSumByMod7, Keyed: true),
    ];

    [Fact]
    public void RandomPipelines_OneSlot_MatchInterpreterExactly()
        => Gen.Select(Gen.Int[0, s_steps.Length - 1].Array[1, 6].Where(NoConsecutiveExchanges), Gen.Long[-10_000, 10_000].Array[0, 500])
            .Sample(t => Check(t.Item1, t.Item2, parallelism: 1), iter: 25);

    [Fact]
    public void RandomPipelines_ThreeSlots_MatchInterpreterAsMultisets()
        => Gen.Select(Gen.Int[0, s_steps.Length - 1].Array[1, 6].Where(s => NoConsecutiveExchanges(s) && s.All(i => !s_steps[i].Keyed)), Gen.Long[-10_000, 10_000].Array[0, 500])
            .Sample(t => Check(t.Item1, t.Item2, parallelism: 3), iter: 25);

    // Two exchanges in a row are a compile error (HF0002), tested on its own.
    private static bool NoConsecutiveExchanges(int[] steps)
        => !steps.Zip(steps.Skip(1)).Any(p => s_steps[p.First].Declaration.Length == 0 && s_steps[p.Second].Declaration.Length == 0);

    private static void Check(int[] steps, long[] input, int parallelism)
    {
        JobDefinition job = Compile(steps);
        var sink = new ListSink();
        new JobHost(job, new JobOptions { Parallelism = parallelism, RingCapacity = 32, BatchSize = 8 })
            .BindSource("in", new ListSource(input))
            .BindSink("out", sink)
            .RunAsync()
            .WaitAsync(s_generous)
            .GetAwaiter()
            .GetResult();

        IEnumerable<long> expected = input;
        foreach (int step in steps)
        {
            expected = s_steps[step].Reference(expected);
        }

        string pipeline = string.Concat(steps.Select(i => s_steps[i].Call));
        if (parallelism == 1)
        {
            Assert.True(expected.SequenceEqual(sink.Subtask(0)), $"pipeline {pipeline} differs from the interpreter");
        }
        else
        {
            Assert.True(expected.Order().SequenceEqual(sink.All.Order()), $"pipeline {pipeline} differs from the interpreter");
        }
    }

    private static JobDefinition Compile(int[] steps)
    {
        var source = new StringBuilder();
        source.Append("using HyperFlow;\nnamespace Random;\n[Job(\"random\")]\npublic static partial class RandomJob\n{\n");
        foreach (int step in steps.Distinct())
        {
            source.Append("    ").Append(s_steps[step].Declaration).Append('\n');
        }

        source.Append("    [Pipeline] static void Define(IPipelineBuilder p) => p.From<long>(\"in\")")
            .Append(string.Concat(steps.Select(i => s_steps[i].Call)))
            .Append(".To(\"out\");\n}\n");
        return CompiledJobs.Load(source.ToString(), "Random.RandomJob");
    }

    private static IEnumerable<long> RunningMaxByMod5(IEnumerable<long> xs)
    {
        var max = new Dictionary<long, long>();
        foreach (long x in xs)
        {
            long k = x % 5;
            max[k] = max.TryGetValue(k, out long m) && m > x ? m : x;
            yield return max[k];
        }
    }

    private static IEnumerable<long> RunningSumByMod7(IEnumerable<long> xs)
    {
        var sum = new Dictionary<long, long>();
        foreach (long x in xs)
        {
            long k = x % 7;
            sum[k] = sum.GetValueOrDefault(k) + x;
            yield return sum[k];
        }
    }

    private sealed record Step(string Call, string Declaration, Func<IEnumerable<long>, IEnumerable<long>> Reference, bool Keyed = false);

    private sealed class ListSource(long[] items) : ISource<long>
    {
        public ISourceReader<long> CreateReader(int subtask, int parallelism) => new Reader(items, subtask, parallelism);

        private sealed class Reader(long[] items, int subtask, int parallelism) : ISourceReader<long>
        {
            private int _next = subtask;

            public bool IsFinished => _next >= items.Length;

            public int Read(Span<long> buffer)
            {
                int n = 0;
                while (n < buffer.Length && _next < items.Length)
                {
                    buffer[n++] = items[_next];
                    _next += parallelism;
                }

                return n;
            }
        }
    }

    private sealed class ListSink : ISink<long>
    {
        private readonly ConcurrentDictionary<int, List<long>> _bySubtask = new();

        public IEnumerable<long> All => _bySubtask.Values.SelectMany(v => v);

        public IEnumerable<long> Subtask(int subtask) => _bySubtask.GetValueOrDefault(subtask) ?? [];

        public ISinkWriter<long> CreateWriter(int subtask, int parallelism) => new Writer(_bySubtask.GetOrAdd(subtask, _ => []));

        private sealed class Writer(List<long> items) : ISinkWriter<long>
        {
            public void Write(ReadOnlySpan<long> batch) => items.AddRange(batch);

            public void Complete()
            {
            }
        }
    }
}
