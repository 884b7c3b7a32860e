using System.Diagnostics.Metrics;

namespace HyperFlow.Storage.Checkpointing;

/// <summary>
/// The checkpoint storage's counters, on the engine's meter (<c>HyperFlow</c>) and tagged with <c>job</c>, so
/// that a storage used by a running job or on its own publishes them alike.
/// </summary>
internal static class CheckpointStorageMetrics
{
    private static readonly Meter s_meter = new("HyperFlow", "1.0");

    public static Counter<long> CorruptSkipped { get; } = s_meter.CreateCounter<long>(
        CheckpointStorage.CorruptSkippedMetricName, "{checkpoint}", "Corrupt or partial checkpoints skipped on restore for an earlier one.");

    public static Counter<long> CleanupFailed { get; } = s_meter.CreateCounter<long>(
        CheckpointStorage.CleanupFailedMetricName, "{file}", "Checkpoint files or folders that could not be deleted (retried at the next open).");

    public static KeyValuePair<string, object?> JobTag(string job) => new("job", job);
}
