namespace HyperFlow.Storage.InMemory;

/// <summary>Selects entries of a <see cref="KeyedValueTable{TKey, TValue}"/>, for bulk removal.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public interface IEntryPredicate<TKey, TValue>
{
    /// <summary>Decides whether an entry is selected.</summary>
    /// <param name="hash">The key's stable hash (lowest bit set).</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The value; may be updated in place.</param>
    /// <returns><c>true</c> to select the entry.</returns>
    bool Matches(ulong hash, in TKey key, ref TValue value);
}
