namespace HyperFlow;

/// <summary>
/// Turns on checkpoints for a job (<see cref="JobOptions.Checkpointing"/>): where they go, how often they
/// are taken, and what a new run restores. The semantics are Apache Flink's: aligned barriers injected by
/// the sources, an asynchronous write of each subtask's state, a two-phase commit of
/// <see cref="ICheckpointedSink{T}"/>s once a checkpoint is complete, and a restart from the latest
/// complete checkpoint after a failure.
/// </summary>
/// <example>
/// <code>
/// var options = new JobOptions
/// {
///     Checkpointing = new CheckpointingOptions("/var/lib/trades/checkpoints") { Interval = TimeSpan.FromSeconds(5) },
///     RestartStrategy = RestartStrategy.FixedDelay(maxAttempts: 10, delay: TimeSpan.FromSeconds(1)),
/// };
/// </code>
/// </example>
/// <param name="directory">The job's checkpoint directory (created if needed; one running job per directory).</param>
public sealed class CheckpointingOptions(string directory)
{
    /// <summary>The job's checkpoint directory: a <c>chk-N</c> folder per retained checkpoint.</summary>
    public string Directory { get; } = directory;

    /// <summary>
    /// The time between the start of two periodic checkpoints (Flink's <c>execution.checkpointing.interval</c>).
    /// Default 10 s. <see cref="TimeSpan.Zero"/> turns periodic checkpoints off: checkpoints are then taken
    /// only on demand (<see cref="JobHost.TriggerCheckpointAsync"/>) and at the end of the input.
    /// </summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a checkpoint may take, from its trigger, before it is aborted (its files deleted and the failure
    /// counted toward <see cref="TolerableFailures"/>), on the job's clock (<see cref="JobOptions.TimeProvider"/>).
    /// It applies to every checkpoint: periodic, on demand, savepoints and the final one at the end of the input
    /// (whose failure fails the run, as in Flink). From 1 ms to <see cref="RestartStrategy.LongestDelay"/>
    /// (about 49 days). Default 10 minutes.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The least time from the completion of one checkpoint to the trigger of the next periodic one (Flink's
    /// <c>execution.checkpointing.min-pause</c>): a periodic checkpoint due earlier starts once the pause has
    /// passed. A pause above zero also means one checkpoint at a time, whatever <see cref="MaxConcurrent"/>
    /// says, as in Flink. At most <see cref="RestartStrategy.LongestDelay"/>. Default 0.
    /// </summary>
    public TimeSpan MinPause { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// The most checkpoints in progress at once; a periodic checkpoint due while that many are in progress is
    /// skipped (the next one comes an interval later). Checkpoints on demand and savepoints are not limited.
    /// Default 1.
    /// </summary>
    public int MaxConcurrent { get; init; } = 1;

    /// <summary>The number of completed checkpoints kept; older ones are deleted (files still shared stay). Default 3.</summary>
    public int Retained { get; init; } = 3;

    /// <summary>
    /// How many checkpoints in a row may fail (a write error, a declined snapshot, a timeout) before the job
    /// fails and its restart strategy decides. Default 3.
    /// </summary>
    public int TolerableFailures { get; init; } = 3;

    /// <summary>
    /// A savepoint or checkpoint folder (a folder holding a <c>manifest.json</c>) to start from when the
    /// directory holds no completed checkpoint yet (as <c>flink run -s</c>). Its state may come from another
    /// parallelism and, for a savepoint, another state backend. Default: none.
    /// </summary>
    public string? RestoreFrom { get; init; }

    /// <summary>
    /// Whether a restore may drop the state of operators the job no longer has (Flink's
    /// <c>--allowNonRestoredState</c>). Default <c>false</c>: such a restore is refused with the operators named.
    /// </summary>
    public bool AllowUnknownOperators { get; init; }

    /// <summary>Checks the options and says which one is wrong and why.</summary>
    /// <exception cref="ArgumentException">When an option is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory))
        {
            throw new ArgumentException("The checkpoint directory must be set: give the folder where the job's checkpoints go.", nameof(Directory));
        }

        TimeSpan longest = RestartStrategy.LongestDelay;
        if (Interval < TimeSpan.Zero || Interval > longest)
        {
            throw new ArgumentOutOfRangeException(nameof(Interval), Interval,
                $"The checkpoint interval must be from 0 (on-demand checkpoints only) to {longest.TotalDays:F0} days (the longest wait a timer supports).");
        }

        if (Timeout < TimeSpan.FromMilliseconds(1) || Timeout > longest)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout,
                $"The checkpoint timeout must be from 1 ms to {longest.TotalDays:F0} days (the longest wait a timer supports).");
        }

        if (MinPause < TimeSpan.Zero || MinPause > longest)
        {
            throw new ArgumentOutOfRangeException(nameof(MinPause), MinPause,
                $"The pause between checkpoints must be from 0 to {longest.TotalDays:F0} days (the longest wait a timer supports).");
        }

        if (MaxConcurrent < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrent), MaxConcurrent, "At least one checkpoint must be allowed in progress.");
        }

        if (Retained < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Retained), Retained, "At least one completed checkpoint must be retained, or there is nothing to restore from.");
        }

        if (TolerableFailures < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TolerableFailures), TolerableFailures, "The number of tolerable checkpoint failures cannot be negative.");
        }
    }
}
