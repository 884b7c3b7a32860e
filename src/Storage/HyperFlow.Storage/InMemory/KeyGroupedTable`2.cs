using System.Runtime.CompilerServices;
using HyperFlow.Storage.Keys;

namespace HyperFlow.Storage.InMemory;

/// <summary>
/// The in-memory keyed values of one operator subtask: one open-addressing hash table per key group of
/// the subtask's range, keys and values stored inline (no object per entry, no allocation per access
/// once grown). Per-key-group tables let a snapshot, a rescale or a resize touch one key group at a
/// time, and keep each resize small.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
/// <remarks>
/// Callers pass the key's stable hash (<see cref="KeyHash"/>), which they already computed to route the
/// record; the high bits choose the key group, the low bits the slot. Single-threaded: owned by one slot.
/// </remarks>
public sealed class KeyGroupedTable<TKey, TValue>
    where TKey : notnull
{
    private readonly OpenAddressingTable<TKey, TValue>[] _groups;
    private readonly int _firstKeyGroup;
    private readonly int _maxParallelism;

    /// <summary>Creates an empty table for a key-group range.</summary>
    /// <param name="firstKeyGroup">The first key group the subtask owns.</param>
    /// <param name="keyGroupCount">How many consecutive key groups it owns.</param>
    /// <param name="maxParallelism">The job's number of key groups.</param>
    public KeyGroupedTable(int firstKeyGroup, int keyGroupCount, int maxParallelism)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstKeyGroup);
        ArgumentOutOfRangeException.ThrowIfLessThan(keyGroupCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstKeyGroup + keyGroupCount, maxParallelism, nameof(keyGroupCount));
        _firstKeyGroup = firstKeyGroup;
        _maxParallelism = maxParallelism;
        _groups = new OpenAddressingTable<TKey, TValue>[keyGroupCount];
        for (int i = 0; i < _groups.Length; i++)
        {
            _groups[i] = new OpenAddressingTable<TKey, TValue>();
        }
    }

    /// <summary>The first key group of the range.</summary>
    public int FirstKeyGroup => _firstKeyGroup;

    /// <summary>The number of key groups in the range.</summary>
    public int KeyGroupCount => _groups.Length;

    /// <summary>The number of keys with a value.</summary>
    public long Count
    {
        get
        {
            long count = 0;
            foreach (OpenAddressingTable<TKey, TValue> group in _groups)
            {
                count += group.Count;
            }

            return count;
        }
    }

    /// <summary>
    /// A reference to the value of <paramref name="key"/>, adding <c>default</c> first if it has none.
    /// Valid until the next insertion or removal in the same key group.
    /// </summary>
    /// <param name="keyHash">The key's stable hash.</param>
    /// <param name="key">The key.</param>
    /// <param name="added"><c>true</c> if the key was added by this call.</param>
    /// <returns>A reference to the value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When the key belongs to a key group outside the range.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TValue GetOrAdd(ulong keyHash, scoped in TKey key, out bool added)
        => ref Group(keyHash).GetOrAdd(keyHash, key, out added);

    /// <summary>A reference to the value of <paramref name="key"/>, or a null reference when it has none (test with <see cref="Unsafe.IsNullRef{T}(ref readonly T)"/>).</summary>
    /// <param name="keyHash">The key's stable hash.</param>
    /// <param name="key">The key.</param>
    /// <returns>The reference, or a null reference.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TValue Find(ulong keyHash, scoped in TKey key) => ref Group(keyHash).Find(keyHash, key);

    /// <summary>Removes a key and its value.</summary>
    /// <param name="keyHash">The key's stable hash.</param>
    /// <param name="key">The key.</param>
    /// <returns><c>true</c> if the key had a value.</returns>
    public bool Remove(ulong keyHash, scoped in TKey key) => Group(keyHash).Remove(keyHash, key);

    /// <summary>The entries of one key group, for snapshots and inspection.</summary>
    /// <param name="keyGroup">A key group of the range.</param>
    /// <returns>The entries, in unspecified order.</returns>
    public IEnumerable<KeyValuePair<TKey, TValue>> EntriesOf(int keyGroup)
    {
        int index = keyGroup - _firstKeyGroup;
        if ((uint)index >= (uint)_groups.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(keyGroup), keyGroup, $"Key group {keyGroup} is outside this table's range [{_firstKeyGroup}, {_firstKeyGroup + _groups.Length}).");
        }

        return _groups[index].Entries();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private OpenAddressingTable<TKey, TValue> Group(ulong keyHash)
    {
        int index = KeyGroups.Of(keyHash, _maxParallelism) - _firstKeyGroup;
        if ((uint)index >= (uint)_groups.Length)
        {
            ThrowNotInRange(keyHash);
        }

        return _groups[index];
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowNotInRange(ulong keyHash)
        => throw new ArgumentOutOfRangeException(
            nameof(keyHash),
            $"The key's key group {KeyGroups.Of(keyHash, _maxParallelism)} is outside this subtask's range [{_firstKeyGroup}, {_firstKeyGroup + _groups.Length}): the record was routed to the wrong subtask.");
}
