using Microsoft.Extensions.Logging;

namespace HyperFlow.Storage.Checkpointing;

/// <summary>Where a job's checkpoints go and how many are kept.</summary>
/// <example>
/// <code>
/// using CheckpointStorage storage = CheckpointStorage.Open(new CheckpointStorageOptions("/var/lib/trades/checkpoints", "trades")
/// {
///     RetainedCheckpoints = 5,
///     Logger = logger,
/// });
/// </code>
/// </example>
public sealed class CheckpointStorageOptions
{
    /// <summary>Creates options.</summary>
    /// <param name="directory">The job's checkpoint directory (created if missing); one job per directory.</param>
    /// <param name="job">The job's name, written in every manifest and checked when the directory is opened.</param>
    public CheckpointStorageOptions(string directory, string job)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(job);
        Directory = directory;
        Job = job;
    }

    /// <summary>The job's checkpoint directory.</summary>
    public string Directory { get; }

    /// <summary>The job's name.</summary>
    public string Job { get; }

    /// <summary>How many completed checkpoints are kept (the newest ones); default 3, at least 1.</summary>
    public int RetainedCheckpoints { get; init; } = 3;

    /// <summary>Where the storage logs (completions, skipped corrupt checkpoints, cleanup). Default: nowhere.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>The clock of the manifests' creation times. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        if (RetainedCheckpoints < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(RetainedCheckpoints), RetainedCheckpoints,
                $"Checkpoint storage of job '{Job}': RetainedCheckpoints must be at least 1 (recovery needs a checkpoint).");
        }

        ArgumentNullException.ThrowIfNull(Clock);
    }
}
