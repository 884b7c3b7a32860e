using HyperFlow.Bench;

namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>A job of the <c>checkpoint-dip</c> command, run over the same events with and without checkpoints.</summary>
/// <param name="Name">Short name, in the report.</param>
/// <param name="Description">What the job does and how big its state is.</param>
/// <param name="Events">Events per run.</param>
/// <param name="Keys">Distinct keys of the events (<see cref="RewindableWindowEventGenerator"/>).</param>
/// <param name="Run">Runs the job once over a source with the options, returns its result and the checksum of its output.</param>
internal sealed record DipJob(string Name, string Description, long Events, long Keys, Func<JobOptions, ICheckpointedSource<WindowEvent>, (JobResult Result, long Checksum)> Run)
{
    /// <summary>The 1 s tumbling windows, sum per key, 1,000 keys, events in timestamp order: little state.</summary>
    public static DipJob Windowed(long events) => new(
        "windowed",
        "TumblingSumJob: 1 s tumbling event-time windows, sum per key, 1,000 keys, 1,000,000 events per window in timestamp order; 1 task slot",
        events,
        WindowEventGenerator.Keys,
        static (options, source) =>
        {
            var sink = new WindowChecksumSink();
            JobResult result = new JobHost(TumblingSumJob.Definition, options)
                .BindSource("events", source)
                .BindSink("results", sink)
                .RunAsync()
                .GetAwaiter()
                .GetResult();
            return (result, sink.Checksum);
        });

    /// <summary>A running sum per key over millions of keys, every update to the sink: large state.</summary>
    public static DipJob LargeState(long events, long keys) => new(
        "large-state",
        $"KeyedRunningSumJob: running sum per key (keyed aggregate, every update emitted), {keys:N0} keys visited round-robin; 1 task slot, in-memory backend",
        events,
        keys,
        static (options, source) =>
        {
            var sink = new RunningSumChecksumSink();
            JobResult result = new JobHost(KeyedRunningSumJob.Definition, options)
                .BindSource("events", source)
                .BindSink("sums", sink)
                .RunAsync()
                .GetAwaiter()
                .GetResult();
            return (result, sink.Checksum);
        });
}
