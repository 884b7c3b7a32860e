namespace HyperFlow;

/// <summary>The outcome of a job run that reached the end of its input.</summary>
/// <param name="JobName">The job's name.</param>
/// <param name="Parallelism">The number of subtasks per chain.</param>
/// <param name="Elapsed">Wall-clock time from start to the last sink flush, of the last attempt when the job was restarted.</param>
/// <param name="RecordsRead">Events read from all sources (by the last attempt, from the checkpoint it restored).</param>
/// <param name="RecordsWritten">Events handed to all sinks.</param>
/// <param name="Subtasks">Per-subtask counters.</param>
public sealed record JobResult(string JobName, int Parallelism, TimeSpan Elapsed, long RecordsRead, long RecordsWritten, IReadOnlyList<SubtaskStats> Subtasks)
{
    /// <summary>Source events per second over the run.</summary>
    public double EventsPerSecond => Elapsed > TimeSpan.Zero ? RecordsRead / Elapsed.TotalSeconds : 0;

    /// <summary>How many times the job was restarted after a failure before this run reached the end (see <see cref="JobOptions.RestartStrategy"/>).</summary>
    public int Restarts { get; init; }

    /// <summary>The id of the last checkpoint the run completed (its final one, at the end of the input); 0 without checkpoints.</summary>
    public long LastCheckpointId { get; init; }
}
