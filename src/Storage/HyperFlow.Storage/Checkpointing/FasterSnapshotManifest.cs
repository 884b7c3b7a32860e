using HyperFlow.Storage.Faster;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Checkpointing;

/// <summary>
/// A FASTER checkpoint of one state packaged in a checkpoint: what
/// <see cref="FasterTable{TKey, TValue, TInput, TUpdater}.Recover(FasterStoreOptions, Guid, Guid, long)"/> needs,
/// and the copies of its files.
/// </summary>
/// <param name="State">The state's name (<see cref="FasterStateCheckpoint.StateName"/>); unique within the subtask.</param>
/// <param name="StateKind">The state's kind.</param>
/// <param name="Layout">How its records are stored (<see cref="FasterStateCheckpoint.Layout"/>).</param>
/// <param name="Kind">What FASTER wrote.</param>
/// <param name="IndexToken">The index checkpoint's token.</param>
/// <param name="LogToken">The log checkpoint's token.</param>
/// <param name="Version">The state version the checkpoint captured.</param>
/// <param name="Entries">Keys with a value in the checkpointed state.</param>
/// <param name="Files">The copies of every file the checkpoint needs, each with its <see cref="StateFileManifest.RelativePath"/> under the state's directory.</param>
public sealed record FasterSnapshotManifest(
    string State,
    StateKind StateKind,
    string Layout,
    FasterCheckpointKind Kind,
    Guid IndexToken,
    Guid LogToken,
    long Version,
    long Entries,
    IReadOnlyList<StateFileManifest> Files);
