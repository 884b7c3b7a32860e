using Microsoft.Extensions.Logging;

namespace HyperFlow.Runtime.Execution;

/// <summary>The engine's log messages (source-generated: no formatting or allocation unless enabled).</summary>
internal static partial class EngineLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Job '{Job}' starting: parallelism {Parallelism}, wait strategy {WaitStrategy}, pinned {Pinned}")]
    public static partial void JobStarting(ILogger logger, string job, int parallelism, WaitStrategy waitStrategy, bool pinned);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Job '{Job}' finished: {Records} records in {ElapsedMs:F0} ms")]
    public static partial void JobFinished(ILogger logger, string job, long records, double elapsedMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Job '{Job}' failed")]
    public static partial void JobFailed(ILogger logger, string job, Exception error);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Job '{Job}' cancelled")]
    public static partial void JobCancelled(ILogger logger, string job);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Job '{Job}': slot {Slot} pinned to CPU {Cpu}")]
    public static partial void SlotPinned(ILogger logger, string job, int slot, int cpu);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Job '{Job}': slot {Slot} could not be pinned to CPU {Cpu} and runs unpinned: {Error}")]
    public static partial void PinFailed(ILogger logger, string job, int slot, int cpu, string error);
}
