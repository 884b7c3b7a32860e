namespace HyperFlow;

/// <summary>
/// The names under which HyperFlow publishes metrics through <see cref="System.Diagnostics.Metrics"/>.
/// Listen with a <see cref="System.Diagnostics.Metrics.MeterListener"/>, OpenTelemetry or
/// <c>dotnet-counters monitor --counters HyperFlow</c>. Subtask instruments are tagged with <c>job</c>,
/// <c>chain</c> and <c>subtask</c>; state and window instruments with <c>job</c>, <c>operator</c> and <c>subtask</c>.
/// </summary>
public static class HyperFlowMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "HyperFlow";

    /// <summary>Counter: records a subtask has read.</summary>
    public const string RecordsIn = "hyperflow.subtask.records_in";

    /// <summary>Counter: records a subtask has emitted.</summary>
    public const string RecordsOut = "hyperflow.subtask.records_out";

    /// <summary>Gauge (ms/s): time spent processing over the last second.</summary>
    public const string BusyTime = "hyperflow.subtask.busy_time_per_second";

    /// <summary>Gauge (ms/s): time with nothing to read over the last second.</summary>
    public const string IdleTime = "hyperflow.subtask.idle_time_per_second";

    /// <summary>Gauge (ms/s): time with input waiting but no room downstream over the last second.</summary>
    public const string BackpressuredTime = "hyperflow.subtask.backpressured_time_per_second";

    /// <summary>Gauge (0 to 1): the fill of the subtask's fullest input ring.</summary>
    public const string InputQueueFill = "hyperflow.subtask.input_queue_fill";

    /// <summary>Gauge: keyed state entries held by an operator subtask.</summary>
    public const string StateEntries = "hyperflow.state.entries";

    /// <summary>Gauge (bytes): memory (and, for FASTER, disk) held by an operator subtask's keyed state.</summary>
    public const string StateSize = "hyperflow.state.size";

    /// <summary>Counter: keyed state reads; its rate is reads per second.</summary>
    public const string StateReads = "hyperflow.state.reads";

    /// <summary>Counter: keyed state writes; its rate is writes per second.</summary>
    public const string StateWrites = "hyperflow.state.writes";

    /// <summary>Gauge: state operations waiting on disk (FASTER backend).</summary>
    public const string StatePendingOperations = "hyperflow.state.pending_operations";

    /// <summary>
    /// Counter: elements a window operator subtask dropped because they arrived after their windows
    /// were cleaned up (later than the allowed lateness) and the pipeline sends late data nowhere.
    /// Tagged with <c>job</c>, <c>operator</c> (the window's uid) and <c>subtask</c>.
    /// </summary>
    public const string WindowLateDropped = "hyperflow.window.late_dropped";

    /// <summary>Counter: checkpoints completed (manifest durably written), tagged with <c>job</c>.</summary>
    public const string CheckpointsCompleted = "hyperflow.checkpoint.completed";

    /// <summary>Counter: checkpoints aborted (declined by a subtask, a failed write, a timeout), tagged with <c>job</c>.</summary>
    public const string CheckpointsFailed = "hyperflow.checkpoint.failed";

    /// <summary>Histogram (ms): time from a checkpoint's trigger to its completion, tagged with <c>job</c>.</summary>
    public const string CheckpointDuration = "hyperflow.checkpoint.duration";

    /// <summary>
    /// Histogram (bytes): what each completed checkpoint stored itself, compressed, tagged with <c>job</c>: its
    /// whole size for a full checkpoint, only the new files for an incremental one (files shared with earlier
    /// checkpoints are not counted again, as Flink's checkpointed data size).
    /// </summary>
    public const string CheckpointSize = "hyperflow.checkpoint.size";

    /// <summary>
    /// Counter: corrupt or partial checkpoints (a bad manifest, a missing file, a wrong size or checksum)
    /// skipped on restore for an earlier one, tagged with <c>job</c>. Each is also logged as an error.
    /// </summary>
    public const string CheckpointsCorruptSkipped = Storage.Checkpointing.CheckpointStorage.CorruptSkippedMetricName;

    /// <summary>Counter: checkpoint files or folders that could not be deleted (retried at the next start), tagged with <c>job</c>.</summary>
    public const string CheckpointCleanupFailures = Storage.Checkpointing.CheckpointStorage.CleanupFailedMetricName;

    /// <summary>Counter: restarts of a job after a failure (see <see cref="JobOptions.RestartStrategy"/>), tagged with <c>job</c>.</summary>
    public const string JobRestarts = "hyperflow.job.restarts";
}
