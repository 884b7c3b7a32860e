namespace HyperFlow.Storage.Faster;

/// <summary>
/// A checkpoint written by <see cref="FasterTable{TKey, TValue, TInput, TUpdater}.TakeCheckpoint"/>:
/// which kind FASTER actually wrote, its tokens, and every file a restore needs.
/// </summary>
/// <remarks>
/// A FASTER snapshot is not self-contained: besides the checkpoint's own files (metadata, snapshot
/// of the in-memory log, delta, index) it needs the log segment files (<c>hlog.log.N</c>) holding
/// the records flushed before the checkpoint began. <see cref="Files"/> lists them all. To restore
/// elsewhere, copy the first <see cref="FasterCheckpointFile.Length"/> bytes of each file to the same
/// <see cref="FasterCheckpointFile.RelativePath"/> under the new directory, then call
/// <see cref="FasterTable{TKey, TValue, TInput, TUpdater}.Recover(FasterStoreOptions, FasterCheckpoint)"/>.
/// </remarks>
/// <param name="Kind">What FASTER wrote: <see cref="FasterCheckpointKind.Full"/> or <see cref="FasterCheckpointKind.Incremental"/>.</param>
/// <param name="IndexToken">The token of the index checkpoint a restore starts from.</param>
/// <param name="LogToken">The token of the log checkpoint (an incremental checkpoint shares its full snapshot's token).</param>
/// <param name="Version">The state version the checkpoint captured (FASTER's version, increasing by one per checkpoint).</param>
/// <param name="Entries">Keys with a value in the checkpointed state.</param>
/// <param name="WrittenBytes">Bytes this checkpoint wrote: the delta for an incremental, the snapshot, metadata and new index for a full one.</param>
/// <param name="Directory">The table's directory (absolute) when the checkpoint was taken.</param>
/// <param name="Files">Every file a restore needs, with the length it needs.</param>
public sealed record FasterCheckpoint(
    FasterCheckpointKind Kind,
    Guid IndexToken,
    Guid LogToken,
    long Version,
    long Entries,
    long WrittenBytes,
    string Directory,
    IReadOnlyList<FasterCheckpointFile> Files);
