namespace HyperFlow;

/// <summary>
/// A sink that takes part in checkpoints with a two-phase commit (as Flink's
/// <c>TwoPhaseCommittingSink</c>): what its writers write becomes visible only once a checkpoint that
/// covers it has completed, so that after a failure and a restart from the latest completed
/// checkpoint the output holds every record exactly once.
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
/// <remarks>
/// <para>
/// A job with checkpoints creates each subtask's writer with <see cref="CreateCheckpointedWriter"/>
/// and drives it as <see cref="ICheckpointedSinkWriter{T}"/> describes. A job without checkpoints
/// calls <see cref="ISink{T}.CreateWriter"/>, whose writer publishes its output as it goes and at the
/// end of the input, with no exactly-once guarantee.
/// </para>
/// <para>
/// On a restart from checkpoint <c>n</c>, subtask <c>i</c> of the new run receives the states that
/// the subtasks <c>j</c> of the run that wrote checkpoint <c>n</c> returned from
/// <see cref="ICheckpointedSinkWriter{T}.PrepareCommit"/> for <c>n</c>, for every <c>j</c> with
/// <c>j % parallelism == i</c>: its own state alone when the parallelism has not changed.
/// </para>
/// </remarks>
public interface ICheckpointedSink<T> : ISink<T>
{
    /// <summary>
    /// Creates the writer of one subtask of a job with checkpoints, before the job starts. It first
    /// completes the restored checkpoint's commits (everything <paramref name="restoredStates"/>
    /// lists, idempotently: some may have been committed before the failure), then discards what an
    /// earlier run of its subtask left uncommitted (output of checkpoints that never completed, and
    /// of no checkpoint). Its output therefore starts exactly where the restored checkpoint ends.
    /// </summary>
    /// <param name="subtask">The subtask index, in <c>[0, parallelism)</c>.</param>
    /// <param name="parallelism">The number of subtasks.</param>
    /// <param name="restoredStates">
    /// The states to restore (see the remarks of <see cref="ICheckpointedSink{T}"/>); empty when the
    /// job starts without a checkpoint.
    /// </param>
    /// <returns>The subtask's writer.</returns>
    ICheckpointedSinkWriter<T> CreateCheckpointedWriter(int subtask, int parallelism, IReadOnlyList<ReadOnlyMemory<byte>> restoredStates);
}
