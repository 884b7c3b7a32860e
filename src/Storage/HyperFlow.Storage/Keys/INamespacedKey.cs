namespace HyperFlow.Storage.Keys;

/// <summary>
/// A state key made of a user key and a namespace, such as (account, window end) or (account, timer
/// time). Its stable hash, and so its key group, is that of the user key alone: every namespace of a
/// key lives in the same key group, so windows and timers move with their key when a job is restored
/// with another parallelism.
/// </summary>
/// <remarks>Implement it on a struct; <see cref="KeyHash.Of{TKey}(in TKey)"/> calls it.</remarks>
public interface INamespacedKey
{
    /// <summary>The stable hash of the user key (<see cref="KeyHash"/> of that key), not of the namespace.</summary>
    ulong StableKeyHash { get; }
}
