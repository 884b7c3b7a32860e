using HyperFlow.Storage.Faster;

namespace HyperFlow.Storage.Checkpointing;

/// <summary>A FASTER checkpoint packaged in a checkpoint: what <see cref="FasterTable{TKey, TValue, TInput, TUpdater}.Recover(FasterStoreOptions, Guid, Guid, long)"/> needs, and the copies of its files.</summary>
/// <param name="Kind">What FASTER wrote.</param>
/// <param name="IndexToken">The index checkpoint's token.</param>
/// <param name="LogToken">The log checkpoint's token.</param>
/// <param name="Version">The state version the checkpoint captured.</param>
/// <param name="Entries">Keys with a value in the checkpointed state.</param>
/// <param name="Files">The copies of every file the checkpoint needs, each with its <see cref="StateFileManifest.RelativePath"/> under the store's directory.</param>
public sealed record FasterSnapshotManifest(FasterCheckpointKind Kind, Guid IndexToken, Guid LogToken, long Version, long Entries, IReadOnlyList<StateFileManifest> Files);
