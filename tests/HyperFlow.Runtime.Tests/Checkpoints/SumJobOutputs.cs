using HyperFlow.Runtime.Tests.Jobs;

namespace HyperFlow.Runtime.Tests.Checkpoints;

/// <summary>What <see cref="SumJob"/> should produce, for the checkpoint tests to compare against.</summary>
internal static class SumJobOutputs
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(2);

    /// <summary>SumJob keeps x * 3 when it is even and emits the running sum of its bucket for each.</summary>
    public static bool IsEvenTripled(long x) => ((x * 3) & 1) == 0;

    /// <summary>The output of a run without checkpoints or failures at parallelism 1, in order.</summary>
    public static async Task<IReadOnlyList<KeyedValue<long, long>>> FailureFree(IEnumerable<long> items)
    {
        var collected = new CollectingSink<KeyedValue<long, long>>();
        await new JobHost(SumJob.Definition, new JobOptions { Parallelism = 1 })
            .BindSource("numbers", new ArraySource<long>([.. items]))
            .BindSink("sums", collected)
            .RunAsync()
            .WaitAsync(s_generous);
        return collected.BySubtask[0];
    }

    /// <summary>Each bucket's final sum, computed from the input.</summary>
    public static Dictionary<long, long> ReferenceSums(IEnumerable<long> items)
        => items.Select(static x => x * 3).Where(static x => (x & 1) == 0).GroupBy(static x => Math.Abs(x % 7)).ToDictionary(static g => g.Key, static g => g.Sum());

    /// <summary>Each bucket's final sum, from the job's running sums (they only grow: the inputs are not negative).</summary>
    public static Dictionary<long, long> FinalSums(IEnumerable<KeyedValue<long, long>> output)
        => output.GroupBy(static kv => kv.Key).ToDictionary(static g => g.Key, static g => g.Max(static kv => kv.Value));
}
