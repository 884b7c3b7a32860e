namespace HyperFlow;

/// <summary>
/// The reader of one subtask of an <see cref="ICheckpointedSource{T}"/>: it can say where it is, so that a
/// job restarted from a checkpoint reads on from exactly there (as the split state of a Flink source reader).
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
public interface ICheckpointedSourceReader<T> : ISourceReader<T>
{
    /// <summary>
    /// The reader's position after the events it has returned so far (offsets, file positions, a sequence
    /// number...), as bytes the source reads back in <see cref="ICheckpointedSource{T}.CreateReader(int, int, IReadOnlyList{ReadOnlyMemory{byte}})"/>.
    /// Called on the slot thread between two <see cref="ISourceReader{T}.Read"/> calls, when the reader
    /// injects the barrier of checkpoint <paramref name="checkpointId"/>, and once more after the reader
    /// has finished if a checkpoint is taken then.
    /// </summary>
    /// <param name="checkpointId">The checkpoint the position is for.</param>
    /// <returns>The position; the array is not kept by the reader.</returns>
    byte[] SnapshotPosition(long checkpointId);
}
