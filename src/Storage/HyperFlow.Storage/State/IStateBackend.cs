namespace HyperFlow.Storage.State;

/// <summary>
/// A keyed-state backend: where operator state lives. The engine creates one store per stateful
/// operator subtask. Built in: <see cref="InMemory.InMemoryStateBackend"/> (fastest, state must fit
/// in memory) and <see cref="Faster.FasterStateBackend"/> (larger than memory, on disk).
/// </summary>
public interface IStateBackend
{
    /// <summary>The backend's name, as written in checkpoint manifests (for example <c>InMemory</c>).</summary>
    string Name { get; }

    /// <summary>Creates the keyed state store of one operator subtask.</summary>
    /// <typeparam name="TKey">The operator's key type.</typeparam>
    /// <param name="context">The operator subtask and the key groups it owns.</param>
    /// <returns>A new, empty store.</returns>
    KeyedStateStore<TKey> CreateKeyedStore<TKey>(KeyedStateContext context)
        where TKey : notnull;
}
