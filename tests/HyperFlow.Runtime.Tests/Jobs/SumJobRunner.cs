namespace HyperFlow.Runtime.Tests.Jobs;

/// <summary>Runs <see cref="SumJob"/> over an array into a <see cref="CountingSink"/>, with a generous time limit.</summary>
internal static class SumJobRunner
{
    public static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    public static Task<JobResult> Run(JobOptions options, long[] input, CountingSink sink)
        => new JobHost(SumJob.Definition, options)
            .BindSource("numbers", new ArraySource<long>(input))
            .BindSink("sums", sink)
            .RunAsync()
            .WaitAsync(Generous);
}
