using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HyperFlow.Storage.InMemory;

/// <summary>
/// The keyed values of one state of one operator subtask, held in memory: an open-addressing hash
/// table (linear probing, backward-shift deletion) whose entries hold the key's hash, the key and
/// the value inline. A read-modify-write is one probe that usually touches one cache line, and
/// access returns a reference into the table, so nothing is allocated once the table has grown.
/// </summary>
/// <remarks>
/// <para>Callers pass the key's hash, so the table never hashes; any hash works as long as a key
/// always comes with the same one. The in-memory state backend passes a cheap process-local hash
/// and computes the stable <see cref="Keys.KeyHash"/> (hence the key group) only when it writes a
/// snapshot.</para>
/// <para>Not thread-safe: a table belongs to one subtask, used by its slot thread.</para>
/// </remarks>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public sealed class KeyedValueTable<TKey, TValue>
    where TKey : notnull
{
    private const int MinCapacity = 16;

    private Entry[] _entries;
    private int _mask;
    private int _shift;
    private int _count;
    private int _growAt;

    /// <summary>Creates an empty table.</summary>
    /// <param name="capacity">Number of keys to size for without growing.</param>
    public KeyedValueTable(int capacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        int slots = MinCapacity;
        while (slots / 2 < capacity)
        {
            slots *= 2;
        }

        Allocate(slots);
    }

    /// <summary>The number of keys with a value.</summary>
    public int Count => _count;

    /// <summary>The number of slots; memory held is about this times the entry size.</summary>
    public int Capacity => _entries.Length;

    /// <summary>Grows the table, if needed, to hold <paramref name="capacity"/> keys without growing again.</summary>
    /// <param name="capacity">Number of keys to size for.</param>
    public void EnsureCapacity(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        int slots = _entries.Length;
        while (slots / 2 < capacity && slots > 0)
        {
            slots *= 2;
        }

        if (slots != _entries.Length)
        {
            Resize(slots);
        }
    }

    /// <summary>Bytes held by the table's slots (keys and values stored inline; referenced objects not counted).</summary>
    public long SizeInBytes => (long)_entries.Length * Unsafe.SizeOf<Entry>();

    /// <summary>
    /// Returns a reference to the value of <paramref name="key"/>, adding <c>default</c> first if the
    /// key has none, and says whether it was added. The reference is valid until the next insertion
    /// of a new key or removal.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="hash">The key's hash (always the same one for a key).</param>
    /// <param name="added"><c>true</c> if the key had no value before this call.</param>
    /// <returns>A reference to the key's value.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TValue GetOrAdd(TKey key, ulong hash, out bool added)
    {
        int count = _count;
        ref TValue value = ref GetOrAdd(key, hash);
        added = _count != count;
        return ref value;
    }

    /// <summary>
    /// Returns a reference to the value of <paramref name="key"/>, adding <c>default</c> first if the
    /// key has none (<see cref="Count"/> then grows by one, which is how callers that must initialise
    /// a new value tell, without an out parameter that would keep locals out of registers).
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="hash">The key's hash.</param>
    /// <returns>A reference to the key's value, valid until the next insertion or removal.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TValue GetOrAdd(TKey key, ulong hash)
    {
        // One probe loop that returns the entry it stops at: the key found (the common case, tested
        // first) or the empty slot ending its run, where the key goes.
        ulong tag = hash | 1;
        ref Entry first = ref MemoryMarshal.GetArrayDataReference(_entries);
        int mask = _mask;
        int i = Home(tag, _shift);
        while (true)
        {
            ref Entry e = ref Unsafe.Add(ref first, i);
            if (e.Tag == tag && EqualityComparer<TKey>.Default.Equals(e.Key, key))
            {
                return ref e.Value;
            }

            if (e.Tag == 0)
            {
                return ref AddAt(ref e, key, tag);
            }

            i = (i + 1) & mask;
        }
    }

    /// <summary>
    /// Returns a reference to the value of <paramref name="key"/>, or a null reference (test with
    /// <see cref="Unsafe.IsNullRef{T}(ref readonly T)"/>) when the key has none.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="hash">The key's hash.</param>
    /// <returns>A reference to the value, valid until the next insertion or removal, or a null reference.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TValue Find(TKey key, ulong hash)
    {
        ref Entry e = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_entries), Probe(key, hash | 1));
        return ref e.Tag != 0 ? ref e.Value : ref Unsafe.NullRef<TValue>();
    }

    /// <summary>Reads the value of a key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="hash">The key's hash.</param>
    /// <param name="value">The value, when present.</param>
    /// <returns><c>true</c> if the key has a value.</returns>
    public bool TryGet(TKey key, ulong hash, out TValue value)
    {
        ref TValue found = ref Find(key, hash);
        if (Unsafe.IsNullRef(ref found))
        {
            value = default!;
            return false;
        }

        value = found;
        return true;
    }

    /// <summary>Removes a key and its value.</summary>
    /// <param name="key">The key.</param>
    /// <param name="hash">The key's hash.</param>
    /// <returns><c>true</c> if the key had a value.</returns>
    public bool Remove(TKey key, ulong hash)
    {
        int i = Probe(key, hash | 1);
        if (_entries[i].Tag == 0)
        {
            return false;
        }

        RemoveAt(i);
        return true;
    }

    /// <summary>Removes every key.</summary>
    public void Clear()
    {
        Array.Clear(_entries);
        _count = 0;
    }

    /// <summary>
    /// Removes every entry for which <paramref name="predicate"/> returns <c>true</c>, in one pass.
    /// </summary>
    /// <typeparam name="TPredicate">A struct predicate, inlined into the pass.</typeparam>
    /// <param name="predicate">Decides, from the hash, key and value, whether an entry goes.</param>
    /// <returns>The number of entries removed.</returns>
    public int RemoveWhere<TPredicate>(ref TPredicate predicate)
        where TPredicate : struct, IEntryPredicate<TKey, TValue>
    {
        Entry[] entries = _entries;
        int removed = 0;
        // Backward-shift deletion moves later entries of a probe run into the freed slot, so the slot
        // is examined again after a removal. Starting right after an empty slot means no run wraps
        // into the part of the array already passed.
        int start = Array.FindIndex(entries, static e => e.Tag == 0);
        Debug.Assert(start >= 0, "The load factor keeps at least one slot empty.");
        for (int n = 0, i = (start + 1) & _mask; n < entries.Length; n++)
        {
            ref Entry e = ref entries[i];
            if (e.Tag != 0 && predicate.Matches(e.Tag, e.Key, ref e.Value))
            {
                RemoveAt(i);
                removed++;
                if (entries[i].Tag != 0)
                {
                    n--;
                    continue;
                }
            }

            i = (i + 1) & _mask;
        }

        return removed;
    }

    /// <summary>
    /// Enumerates the entries (<c>while (e.MoveNext())</c>), without allocating. Don't add or remove
    /// keys meanwhile.
    /// </summary>
    /// <returns>An enumerator over the occupied slots.</returns>
    public Enumerator GetEnumerator() => new(_entries);

    /// <summary>Copies the table, for a snapshot that is written while the original keeps changing.</summary>
    /// <returns>An independent table with the same entries (values copied shallowly).</returns>
    public KeyedValueTable<TKey, TValue> Clone() => CloneInto(null);

    /// <summary>
    /// Copies the table into <paramref name="spare"/> (a table this one was copied to before and that is
    /// no longer used) when it has the same number of slots, so that no memory is allocated; otherwise
    /// into a new table.
    /// </summary>
    /// <param name="spare">A table to overwrite, or <c>null</c>.</param>
    /// <returns>An independent table with the same entries (values copied shallowly).</returns>
    internal KeyedValueTable<TKey, TValue> CloneInto(KeyedValueTable<TKey, TValue>? spare)
    {
        if (spare is null || spare._entries.Length != _entries.Length)
        {
            var copy = (KeyedValueTable<TKey, TValue>)MemberwiseClone();
            copy._entries = (Entry[])_entries.Clone();
            return copy;
        }

        Array.Copy(_entries, spare._entries, _entries.Length);
        spare._mask = _mask;
        spare._shift = _shift;
        spare._count = _count;
        spare._growAt = _growAt;
        return spare;
    }

    // The slot a hash starts probing at: Fibonacci hashing, the top bits of the hash times 2^64/φ.
    // One multiplication; dense integer keys (which the in-memory backend passes as their own hash)
    // come out evenly spread with almost no collisions, and keys with a common stride still spread.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Home(ulong tag, int shift) => (int)(((tag >> 1) * 0x9E3779B97F4A7C15UL) >> shift);

    // The slot holding the key, or the empty slot where its probe run ends (the load factor keeps one).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Probe(TKey key, ulong tag)
    {
        ref Entry first = ref MemoryMarshal.GetArrayDataReference(_entries);
        int mask = _mask;
        int i = Home(tag, _shift);
        while (true)
        {
            ref Entry e = ref Unsafe.Add(ref first, i);
            if (e.Tag == 0 || (e.Tag == tag && EqualityComparer<TKey>.Default.Equals(e.Key, key)))
            {
                return i;
            }

            i = (i + 1) & mask;
        }
    }

    // Puts a new key into the empty slot its probe ended at, unless the table must grow first.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ref TValue AddAt(ref Entry empty, TKey key, ulong tag)
    {
        if (_count >= _growAt)
        {
            return ref AddAfterGrowing(key, tag);
        }

        empty.Tag = tag;
        empty.Key = key;
        _count++;
        return ref empty.Value;
    }

    private ref TValue AddAfterGrowing(TKey key, ulong tag)
    {
        Resize(_entries.Length * 2);
        return ref GetOrAdd(key, tag);
    }

    [MemberNotNull(nameof(_entries))]
    private void Allocate(int slots)
    {
        _entries = new Entry[slots];
        _mask = slots - 1;
        _shift = 64 - BitOperations.Log2((uint)slots);
        _growAt = slots / 2;
    }

    private void Resize(int slots)
    {
        if (slots <= 0 || slots > Array.MaxLength)
        {
            throw new InvalidOperationException($"The keyed state table cannot hold more than {_count} keys; use the FASTER state backend for state this large.");
        }

        Entry[] old = _entries;
        Allocate(slots);
        ref Entry first = ref MemoryMarshal.GetArrayDataReference(_entries);
        foreach (ref Entry e in old.AsSpan())
        {
            if (e.Tag != 0)
            {
                int i = Home(e.Tag, _shift);
                while (Unsafe.Add(ref first, i).Tag != 0)
                {
                    i = (i + 1) & _mask;
                }

                Unsafe.Add(ref first, i) = e;
            }
        }
    }

    private void RemoveAt(int hole)
    {
        Entry[] entries = _entries;
        int mask = _mask;
        int j = hole;
        while (true)
        {
            j = (j + 1) & mask;
            ref Entry next = ref entries[j];
            if (next.Tag == 0)
            {
                break;
            }

            // The entry at j may fill the hole only if its home slot is not cyclically in (hole, j].
            int home = Home(next.Tag, _shift);
            bool homeBetween = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!homeBetween)
            {
                entries[hole] = next;
                hole = j;
            }
        }

        entries[hole] = default;
        _count--;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct Entry
    {
        // The key's hash with the lowest bit set; 0 marks an empty slot.
        public ulong Tag;
        public TKey Key;
        public TValue Value;
    }

    /// <summary>Enumerates a table's entries by reference.</summary>
    public struct Enumerator
    {
        private readonly Entry[] _entries;
        private int _index;

        internal Enumerator(Entry[] entries)
        {
            _entries = entries;
            _index = -1;
        }

        /// <summary>The key of the current entry.</summary>
        public readonly TKey Key => _entries[_index].Key;

        /// <summary>The hash the current key was added with, with its lowest bit set.</summary>
        public readonly ulong Hash => _entries[_index].Tag;

        /// <summary>A reference to the value of the current entry.</summary>
        public readonly ref TValue Value => ref _entries[_index].Value;

        /// <summary>Moves to the next occupied slot.</summary>
        /// <returns><c>false</c> when there is none.</returns>
        public bool MoveNext()
        {
            while (++_index < _entries.Length)
            {
                if (_entries[_index].Tag != 0)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
