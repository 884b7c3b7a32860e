using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HyperFlow.Storage.InMemory;

/// <summary>
/// The keyed values of one operator subtask, held in memory: one value of type
/// <typeparamref name="TValue"/> per key. Access returns a reference into the table, so a
/// read-modify-write is one lookup and allocates nothing once the table has grown.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public sealed class KeyedValueTable<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _values;

    /// <summary>Creates an empty table.</summary>
    /// <param name="capacity">Initial number of keys to size for.</param>
    public KeyedValueTable(int capacity = 0) => _values = new Dictionary<TKey, TValue>(capacity);

    /// <summary>The number of keys with a value.</summary>
    public int Count => _values.Count;

    /// <summary>
    /// Returns a reference to the value of <paramref name="key"/>, adding <c>default</c> first if the
    /// key has none. The reference is valid until the next insertion of a new key.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <returns>A reference to the key's value.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TValue GetOrAdd(TKey key) => ref CollectionsMarshal.GetValueRefOrAddDefault(_values, key, out _)!;

    /// <summary>
    /// Returns a reference to the value of <paramref name="key"/>, adding <c>default</c> first if the
    /// key has none, and says whether it was added.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="added"><c>true</c> if the key had no value before this call.</param>
    /// <returns>A reference to the key's value.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TValue GetOrAdd(TKey key, out bool added)
    {
        ref TValue value = ref CollectionsMarshal.GetValueRefOrAddDefault(_values, key, out bool exists)!;
        added = !exists;
        return ref value;
    }

    /// <summary>Reads the value of a key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, when present.</param>
    /// <returns><c>true</c> if the key has a value.</returns>
    public bool TryGet(TKey key, out TValue value) => _values.TryGetValue(key, out value!);

    /// <summary>Copies all entries out, for snapshots and inspection.</summary>
    /// <returns>The entries in unspecified order.</returns>
    public KeyValuePair<TKey, TValue>[] ToArray() => [.. _values];
}
