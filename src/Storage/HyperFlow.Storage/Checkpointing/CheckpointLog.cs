using Microsoft.Extensions.Logging;

namespace HyperFlow.Storage.Checkpointing;

/// <summary>The checkpoint storage's log messages (source-generated: no formatting or allocation unless enabled).</summary>
internal static partial class CheckpointLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Error,
        Message = "Job '{Job}': checkpoint {CheckpointId} in '{Folder}' is corrupt or partial and was SKIPPED; recovery falls back to an earlier checkpoint "
            + "(metric hyperflow.checkpoint.corrupt_skipped). Sinks may write again the output they committed with it, since the input is "
            + "replayed from the earlier one. Keep the folder to find the cause (disk, copy, manual edit).")]
    public static partial void CorruptSkipped(ILogger logger, string job, long checkpointId, string folder, Exception error);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error,
        Message = "Job '{Job}': none of the {Count} checkpoints in '{Directory}' could be restored (all corrupt); the job starts without state "
            + "unless it is restored from a savepoint.")]
    public static partial void NoRestorableCheckpoint(ILogger logger, string job, int count, string directory);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information,
        Message = "Job '{Job}': removed incomplete checkpoint folder '{Folder}' (no manifest: the run that wrote it stopped before completing it)")]
    public static partial void IncompleteRemoved(ILogger logger, string job, string folder);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning,
        Message = "Job '{Job}': checkpoint folder '{Folder}' has an unreadable manifest; it is kept for inspection, skipped by recovery and removed once older than the retained checkpoints")]
    public static partial void UnreadableManifest(ILogger logger, string job, string folder, Exception error);

    [LoggerMessage(EventId = 105, Level = LogLevel.Debug,
        Message = "Job '{Job}': {Kind} {CheckpointId} complete in '{Folder}': {Files} files ({Shared} shared with earlier checkpoints), {RawBytes} raw bytes, {StoredBytes} stored")]
    public static partial void Completed(ILogger logger, string job, CheckpointKind kind, long checkpointId, string folder, int files, int shared, long rawBytes, long storedBytes);

    [LoggerMessage(EventId = 106, Level = LogLevel.Debug, Message = "Job '{Job}': checkpoint {CheckpointId} retired (retaining the last {Retained})")]
    public static partial void Retired(ILogger logger, string job, long checkpointId, int retained);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning,
        Message = "Job '{Job}': could not delete '{Path}' (metric hyperflow.checkpoint.cleanup_failed); it is retried when the checkpoint directory is next opened")]
    public static partial void CleanupFailed(ILogger logger, string job, string path, Exception error);

    [LoggerMessage(EventId = 108, Level = LogLevel.Warning,
        Message = "Job '{Job}': shared file '{Path}' failed verification ({Status}); checkpoint {CheckpointId} stores a fresh copy instead of sharing it")]
    public static partial void SharedFileInvalid(ILogger logger, string job, string path, StateFileStatus status, long checkpointId);

    [LoggerMessage(EventId = 109, Level = LogLevel.Warning,
        Message = "Job '{Job}': {Kind} {CheckpointId} holds state of operator '{OperatorUid}', which the job does not have; its state is dropped (AllowUnknownOperators)")]
    public static partial void UnknownOperatorDropped(ILogger logger, string job, CheckpointKind kind, long checkpointId, string operatorUid);
}
