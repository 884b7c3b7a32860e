namespace HyperFlow;

/// <summary>
/// A source that can rewind: its readers report their positions in checkpoints
/// (<see cref="ICheckpointedSourceReader{T}"/>), and a job restarted from a checkpoint creates them at
/// those positions, so that every event after the checkpoint is read again and none before it. With an
/// <see cref="ICheckpointedSink{T}"/> at the other end this gives exactly-once results across failures.
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
/// <remarks>
/// A job with checkpoints calls <see cref="CreateReader(int, int, IReadOnlyList{ReadOnlyMemory{byte}})"/>
/// for every subtask, with no positions on a first start. A source that is not an
/// <see cref="ICheckpointedSource{T}"/> starts from its beginning on every restart (the job logs a
/// warning): its events before the checkpoint are then processed twice.
/// </remarks>
public interface ICheckpointedSource<T> : ISource<T>
{
    /// <summary>
    /// Creates the reader of one subtask at the positions restored from a checkpoint. Every subtask receives
    /// the positions of all the subtasks of the run that took the checkpoint (as Flink's union list state),
    /// so that a source whose partitions move between subtasks when the parallelism changes can find the
    /// position of each partition it now reads, whichever subtask read it before.
    /// </summary>
    /// <param name="subtask">The subtask index, in <c>[0, parallelism)</c>.</param>
    /// <param name="parallelism">The number of subtasks.</param>
    /// <param name="restoredPositions">The positions of every subtask of the checkpoint, in their subtask order; empty when the job starts without a checkpoint.</param>
    /// <returns>The subtask's reader.</returns>
    ICheckpointedSourceReader<T> CreateReader(int subtask, int parallelism, IReadOnlyList<ReadOnlyMemory<byte>> restoredPositions);
}
