using Microsoft.Extensions.Logging;

namespace HyperFlow.Runtime.Checkpoints;

/// <summary>The log messages of checkpoints, restores and restarts (source-generated).</summary>
internal static partial class CheckpointingLog
{
    [LoggerMessage(EventId = 40, Level = LogLevel.Debug, Message = "Job '{Job}': {Kind} {Id} triggered")]
    public static partial void Triggered(ILogger logger, string job, string kind, long id);

    [LoggerMessage(EventId = 41, Level = LogLevel.Information,
        Message = "Job '{Job}': {Kind} {Id} completed in {ElapsedMs:F0} ms: {RawBytes} bytes of state, {StoredBytes} stored, {SharedFiles} of {Files} files shared with earlier checkpoints, in '{Folder}'")]
    public static partial void Completed(ILogger logger, string job, string kind, long id, double elapsedMs, long rawBytes, long storedBytes, int sharedFiles, int files, string folder);

    [LoggerMessage(EventId = 42, Level = LogLevel.Warning, Message = "Job '{Job}': {Kind} {Id} aborted: {Reason}")]
    public static partial void Aborted(ILogger logger, string job, string kind, long id, string reason, Exception? error);

    [LoggerMessage(EventId = 43, Level = LogLevel.Information, Message = "Job '{Job}': restoring from {Kind} {Id} in '{Folder}'")]
    public static partial void Restoring(ILogger logger, string job, string kind, long id, string folder);

    [LoggerMessage(EventId = 44, Level = LogLevel.Information, Message = "Job '{Job}': no checkpoint to restore in '{Directory}'; starting from the beginning of the input")]
    public static partial void FreshStart(ILogger logger, string job, string directory);

    [LoggerMessage(EventId = 45, Level = LogLevel.Warning,
        Message = "Job '{Job}': source '{Source}' is a {SourceType}, not an ICheckpointedSource, so it cannot rewind: after a restart it reads from its beginning and its events are processed again")]
    public static partial void SourceNotRewindable(ILogger logger, string job, string source, string sourceType);

    [LoggerMessage(EventId = 46, Level = LogLevel.Error, Message = "Job '{Job}' failed (attempt {Attempt}); restarting in {DelayMs:F0} ms under the {Strategy} restart strategy")]
    public static partial void Restarting(ILogger logger, string job, int attempt, double delayMs, string strategy, Exception error);

    [LoggerMessage(EventId = 47, Level = LogLevel.Error, Message = "Job '{Job}' failed and is not restarted: {Reason}")]
    public static partial void GaveUp(ILogger logger, string job, string reason, Exception error);

    [LoggerMessage(EventId = 48, Level = LogLevel.Debug, Message = "Job '{Job}': the checkpoint writer thread runs as it was placed by the system: {Error}")]
    public static partial void WriterNotPlaced(ILogger logger, string job, string error);
}
