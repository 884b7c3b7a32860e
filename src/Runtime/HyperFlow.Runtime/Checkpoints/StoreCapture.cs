using HyperFlow.Storage.Checkpointing;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.State;

namespace HyperFlow.Runtime.Checkpoints;

/// <summary>
/// What a checkpoint captured of one keyed state store on the slot thread, to be written on the snapshot
/// writer's thread: a canonical snapshot, or FASTER's native checkpoints of its states (files on disk, packaged
/// then released).
/// </summary>
/// <param name="Store">The store.</param>
/// <param name="Snapshot">Its canonical snapshot, or <c>null</c> when it was captured natively.</param>
/// <param name="Native">Its native checkpoints, or <c>null</c> when it was captured canonically.</param>
internal readonly record struct StoreCapture(KeyedStateStore Store, KeyedStateSnapshot? Snapshot, IReadOnlyList<FasterStateCheckpoint>? Native)
{
    /// <summary>
    /// Captures a store at a barrier: natively when it is a FASTER store that can (checkpoints only), else
    /// canonically. A native capture blocks until FASTER's checkpoints are durable.
    /// </summary>
    public static StoreCapture Take(KeyedStateStore store, bool savepoint)
        => !savepoint && store is IFasterCheckpointedStore { CanCheckpointNatively: true } native
            ? new StoreCapture(store, null, native.TakeCheckpoint())
            : new StoreCapture(store, store.TakeSnapshot(), null);

    /// <summary>Writes the capture into the checkpoint (any thread).</summary>
    public void WriteTo(CheckpointWriter writer)
    {
        if (Native is null)
        {
            writer.WriteKeyedState(Store.Context, Snapshot!);
            // Written: the next checkpoint's copy reuses its memory.
            Snapshot!.Release();
            return;
        }

        foreach (FasterStateCheckpoint checkpoint in Native)
        {
            writer.AddFasterCheckpoint(Store.Context, checkpoint);
        }
    }

    /// <summary>Lets a FASTER store delete the checkpoint files it kept for this capture, once written or abandoned.</summary>
    public void ReleaseFiles()
    {
        if (Native is not null)
        {
            ((IFasterCheckpointedStore)Store).ReleaseCheckpoint(Native);
        }
    }
}
