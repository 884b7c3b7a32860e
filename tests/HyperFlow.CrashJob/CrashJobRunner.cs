using HyperFlow.Connectors.Files;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.State;
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
            StateBackend = Backend(settings),
            Checkpointing = new CheckpointingOptions(settings.CheckpointDirectory) { Interval = TimeSpan.FromMilliseconds(settings.IntervalMs) },
            RestartStrategy = RestartStrategy.None,
            // Unpinned: the child shares the CPUs with the test, which treats every warning the job logs as a failure.
            PinThreads = false,
            Logger = logger,
        })
            .BindSource(SensorWindowsJob.SourceName, new SensorSource(settings.Events, settings.RatePerMs))
            .BindSink(SensorWindowsJob.SinkName, Sink(settings.OutputDirectory))
            .RunAsync(cancellationToken);

    /// <summary>
    /// The settings' state backend. FASTER keeps its stores beside the checkpoint directory (each store in a
    /// folder of its own, so a run never meets the log a killed run left behind; a run restores from the
    /// checkpoint's packaged files), with a memory budget small enough that its logs flush pages, so that
    /// checkpoints are both full and incremental.
    /// </summary>
    private static IStateBackend Backend(CrashJobSettings settings)
        => settings.StateBackend == "faster"
            ? new FasterStateBackend(new FasterStoreOptions
            {
                Directory = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settings.CheckpointDirectory))!, "faster-state"),
                MemoryBudgetBytes = 256 * 1024,
                PageSizeBytes = 16 * 1024,
                IndexBuckets = 1024,
            })
            : InMemoryStateBackend.Instance;
}
