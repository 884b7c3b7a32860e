using System.Buffers;

namespace HyperFlow;

/// <summary>
/// The connector-specific half of a <see cref="TwoPhaseCommitter{TCommittable}"/>: how to commit a
/// committable (rename a pending file, commit a Kafka transaction) and how to store one in a checkpoint.
/// </summary>
/// <typeparam name="TCommittable">What one prepared unit of output is described by: a pending file's name, a transaction's id.</typeparam>
public interface ICommitter<TCommittable>
{
    /// <summary>
    /// Commits the committables, in order, and returns once the commits are durable. It must be
    /// idempotent: after a crash the same committables are committed again, some of them already
    /// committed, and that must succeed without committing anything twice. When it throws, none of them
    /// counts as committed: they are all committed again later.
    /// </summary>
    /// <param name="committables">The committables, in the order they were prepared.</param>
    void Commit(IReadOnlyList<TCommittable> committables);

    /// <summary>Writes a committable's bytes for the checkpoint state.</summary>
    /// <param name="committable">The committable.</param>
    /// <param name="output">Where to write its bytes.</param>
    void Serialize(TCommittable committable, IBufferWriter<byte> output);

    /// <summary>Reads a committable back from the bytes <see cref="Serialize"/> wrote.</summary>
    /// <param name="serialized">Exactly the bytes <see cref="Serialize"/> wrote for it.</param>
    /// <returns>The committable.</returns>
    TCommittable Deserialize(ReadOnlySpan<byte> serialized);
}
