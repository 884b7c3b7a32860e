using HyperFlow.Storage.State;

namespace HyperFlow.Storage.InMemory;

/// <summary>
/// Keeps keyed state in memory, in open-addressing hash tables with keys and values inline: the
/// fastest backend, for state that fits in memory. Checkpoints write it in the canonical snapshot
/// format (full snapshots only).
/// </summary>
public sealed class InMemoryStateBackend : IStateBackend
{
    /// <summary>The shared instance (the backend holds no state of its own).</summary>
    public static readonly InMemoryStateBackend Instance = new();

    /// <inheritdoc />
    public string Name => "InMemory";

    /// <inheritdoc />
    public KeyedStateStore<TKey> CreateKeyedStore<TKey>(KeyedStateContext context)
        where TKey : notnull
        => new InMemoryKeyedStateStore<TKey>(context);
}
