using HyperFlow.Connectors.Files;
using HyperFlow.Windows;
using Microsoft.Extensions.Logging;

namespace HyperFlow.CrashJob;

/// <summary>Runs the crash job once, as the child process does and as the recovery test's failure-free reference does.</summary>
internal static class CrashJobRunner
{
    /// <summary>The sink: small parts, so kills land while parts roll as well as at checkpoints.</summary>
    public static FileSink<WindowResult<long, SumCount>> Sink(string directory)
        => new(new FileSinkOptions(directory) { MaxPartRecords = 1_000, BufferBytes = 4_096 }, SensorWindowsJob.Encode);

    /// <summary>
    /// Runs the job to the end of its input, restoring from the latest checkpoint in the settings' directory.
    /// A failure is not restarted in the process: the recovery test restarts the process instead, and any
    /// other failure must show.
    /// </summary>
    public static Task<JobResult> RunAsync(CrashJobSettings settings, ILogger? logger, CancellationToken cancellationToken = default)
        => new JobHost(SensorWindowsJob.Definition, new JobOptions
        {
            Parallelism = settings.Parallelism,
            Checkpointing = new CheckpointingOptions(settings.CheckpointDirectory) { Interval = TimeSpan.FromMilliseconds(settings.IntervalMs) },
            RestartStrategy = RestartStrategy.None,
            // Unpinned: the child shares the CPUs with the test, which treats every warning the job logs as a failure.
            PinThreads = false,
            Logger = logger,
        })
            .BindSource(SensorWindowsJob.SourceName, new SensorSource(settings.Events, settings.RatePerMs))
            .BindSink(SensorWindowsJob.SinkName, Sink(settings.OutputDirectory))
            .RunAsync(cancellationToken);
}
