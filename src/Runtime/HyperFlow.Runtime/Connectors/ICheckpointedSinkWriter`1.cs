namespace HyperFlow;

/// <summary>
/// The writer of one subtask of an <see cref="ICheckpointedSink{T}"/>: a two-phase commit driven by
/// the checkpoint coordinator (as Flink's <c>TwoPhaseCommitSinkFunction</c>).
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
/// <remarks>
/// <para>The protocol, for each checkpoint <c>n</c>:</para>
/// <list type="number">
/// <item><description>
/// Phase one: when barrier <c>n</c> reaches the sink subtask (after every record before it, before
/// any record after it), the slot thread calls <see cref="PrepareCommit"/>. The writer makes
/// everything written since the previous checkpoint durable but not yet visible (a pending file, a
/// flushed transaction) and returns its state: what it still has to commit. The coordinator stores
/// that state in checkpoint <c>n</c> with the subtask's other state.
/// </description></item>
/// <item><description>
/// Phase two: once checkpoint <c>n</c> is complete (every subtask acknowledged and the checkpoint is
/// durably stored), the coordinator calls <see cref="Commit"/> with <c>n</c>, and the writer makes
/// visible what it prepared up to and including <c>n</c>.
/// </description></item>
/// </list>
/// <para>
/// A failure between the phases loses nothing: the restored writer commits what the state of the
/// latest completed checkpoint lists (<see cref="ICheckpointedSink{T}.CreateCheckpointedWriter"/>), and
/// discards what was prepared for checkpoints that never completed, whose records the sources replay.
/// </para>
/// <para>
/// Threading: <see cref="ISinkWriter{T}.Write"/>, <see cref="ISinkWriter{T}.Complete"/> and
/// <see cref="PrepareCommit"/> are called on the subtask's slot thread only. <see cref="Commit"/> may
/// be called on any thread (the coordinator's), concurrently with those calls; it is thread-safe.
/// </para>
/// <para>
/// At the end of the input the slot thread calls <see cref="ISinkWriter{T}.Complete"/>, and the
/// coordinator then takes a final checkpoint (<see cref="PrepareCommit"/>, then <see cref="Commit"/>)
/// so that the records written after the last periodic checkpoint are committed too; without it they
/// stay uncommitted and are discarded on the next restore.
/// </para>
/// </remarks>
public interface ICheckpointedSinkWriter<T> : ISinkWriter<T>
{
    /// <summary>
    /// Phase one of checkpoint <paramref name="checkpointId"/>: flushes and closes what was written since
    /// the previous checkpoint so that it is durable but not visible, and returns the state to store in
    /// the checkpoint. Called on the slot thread when the barrier reaches the sink; an exception declines
    /// the checkpoint.
    /// </summary>
    /// <param name="checkpointId">The checkpoint id; greater than every id prepared or restored before.</param>
    /// <returns>The subtask's state for the checkpoint: everything prepared and not yet committed.</returns>
    byte[] PrepareCommit(long checkpointId);

    /// <summary>
    /// Phase two: checkpoint <paramref name="checkpointId"/> is complete, so everything prepared for it and
    /// for earlier checkpoints becomes visible, in checkpoint order. Idempotent: a notification may come
    /// twice, late, or not at all (a later one covers the earlier checkpoints). Thread-safe: may be called
    /// on any thread, concurrently with the slot thread's calls.
    /// </summary>
    /// <param name="checkpointId">The id of a completed checkpoint.</param>
    void Commit(long checkpointId);
}
