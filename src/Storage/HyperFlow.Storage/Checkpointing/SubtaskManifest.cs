namespace HyperFlow.Storage.Checkpointing;

/// <summary>What a checkpoint holds for one operator subtask.</summary>
/// <param name="Subtask">The subtask index.</param>
/// <param name="KeyGroupStart">The first key group the subtask owned (0 for an operator without keyed state).</param>
/// <param name="KeyGroupCount">The number of key groups it owned (0 for an operator without keyed state).</param>
/// <param name="KeyedState">Its keyed state in the canonical snapshot format (restorable with any parallelism and backend), or <c>null</c>.</param>
/// <param name="Faster">
/// Its keyed state as FASTER checkpoints, one per state, ordered by state name (restorable into FASTER, same
/// subtask and parallelism), or <c>null</c>.
/// </param>
/// <param name="Position">A source subtask's position (offsets, splits...), opaque bytes written as base64; <c>null</c> when it has none.</param>
public sealed record SubtaskManifest(
    int Subtask,
    int KeyGroupStart,
    int KeyGroupCount,
    StateFileManifest? KeyedState = null,
    IReadOnlyList<FasterSnapshotManifest>? Faster = null,
    ReadOnlyMemory<byte>? Position = null)
{
    /// <summary>Whether the subtask's keyed state is (also) in FASTER's native format.</summary>
    public bool HasNativeState => Faster is { Count: > 0 };

    /// <summary>Every file the subtask's state needs.</summary>
    /// <returns>The canonical snapshot, then the FASTER files, state by state.</returns>
    public IEnumerable<StateFileManifest> Files()
    {
        if (KeyedState is not null)
        {
            yield return KeyedState;
        }

        foreach (FasterSnapshotManifest state in Faster ?? [])
        {
            foreach (StateFileManifest file in state.Files)
            {
                yield return file;
            }
        }
    }
}
