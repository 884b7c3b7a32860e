namespace HyperFlow;

/// <summary>The outcome of a job run that reached the end of its input.</summary>
/// <param name="JobName">The job's name.</param>
/// <param name="Parallelism">The number of subtasks per chain.</param>
/// <param name="Elapsed">Wall-clock time from start to the last sink flush.</param>
/// <param name="RecordsRead">Events read from all sources.</param>
/// <param name="RecordsWritten">Events handed to all sinks.</param>
/// <param name="Subtasks">Per-subtask counters.</param>
public sealed record JobResult(string JobName, int Parallelism, TimeSpan Elapsed, long RecordsRead, long RecordsWritten, IReadOnlyList<SubtaskStats> Subtasks)
{
    /// <summary>Source events per second over the run.</summary>
    public double EventsPerSecond => Elapsed > TimeSpan.Zero ? RecordsRead / Elapsed.TotalSeconds : 0;
}
