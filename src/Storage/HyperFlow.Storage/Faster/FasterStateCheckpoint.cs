using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// FASTER's native checkpoint of one state of a <see cref="FasterKeyedStateStore{TKey}"/> (see
/// <see cref="IFasterCheckpointedStore.TakeCheckpoint"/>): the state it belongs to, how its records are
/// laid out, and the table's <see cref="FasterCheckpoint"/>.
/// </summary>
/// <param name="StateName">The state's name (its descriptor's).</param>
/// <param name="StateKind">The state's kind: a restore refuses to recover it into a state of another kind.</param>
/// <param name="Layout">
/// How the records are stored (<c>bytes</c> for serialized keys and values, or <c>raw</c> with the key and
/// cell types): a restore refuses to recover it into a state whose types store records differently.
/// </param>
/// <param name="Checkpoint">The table's checkpoint: its kind, tokens and files.</param>
public sealed record FasterStateCheckpoint(string StateName, StateKind StateKind, string Layout, FasterCheckpoint Checkpoint);
