using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HyperFlow.Storage.InMemory;

/// <summary>
/// A linear-probing hash table with entries inline in one array. Each entry carries a 32-bit tag from
/// the key's hash (never 0; 0 marks an empty slot), so a probe compares keys only when tags match and
/// a lookup usually touches one cache line. Removal shifts later entries back (no tombstones), so
/// probe sequences stay short under churn. Load factor at most 3/4.
/// </summary>
internal sealed class OpenAddressingTable<TKey, TValue>
    where TKey : notnull
{
    private const int InitialCapacity = 8;

    private Entry[] _entries = new Entry[InitialCapacity];
    private int _count;
    private int _growAt = InitialCapacity * 3 / 4;

    public int Count => _count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TValue Find(ulong hash, scoped in TKey key)
    {
        Entry[] entries = _entries;
        uint tag = Tag(hash);
        int mask = entries.Length - 1;
        for (int i = (int)hash & mask; ; i = (i + 1) & mask)
        {
            ref Entry e = ref entries[i];
            if (e.Tag == tag && EqualityComparer<TKey>.Default.Equals(e.Key, key))
            {
                return ref e.Value;
            }

            if (e.Tag == 0)
            {
                return ref Unsafe.NullRef<TValue>();
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TValue GetOrAdd(ulong hash, scoped in TKey key, out bool added)
    {
        Entry[] entries = _entries;
        uint tag = Tag(hash);
        int mask = entries.Length - 1;
        for (int i = (int)hash & mask; ; i = (i + 1) & mask)
        {
            ref Entry e = ref entries[i];
            if (e.Tag == tag && EqualityComparer<TKey>.Default.Equals(e.Key, key))
            {
                added = false;
                return ref e.Value;
            }

            if (e.Tag == 0)
            {
                added = true;
                if (_count >= _growAt)
                {
                    return ref AddAfterGrowth(hash, in key);
                }

                _count++;
                e.Tag = tag;
                e.Key = key;
                e.Value = default!;
                return ref e.Value;
            }
        }
    }

    public bool Remove(ulong hash, scoped in TKey key)
    {
        Entry[] entries = _entries;
        uint tag = Tag(hash);
        int mask = entries.Length - 1;
        int i = (int)hash & mask;
        while (true)
        {
            ref Entry e = ref entries[i];
            if (e.Tag == 0)
            {
                return false;
            }

            if (e.Tag == tag && EqualityComparer<TKey>.Default.Equals(e.Key, key))
            {
                break;
            }

            i = (i + 1) & mask;
        }

        // Backward-shift deletion: move each later entry of the probe run into the hole if its home
        // slot is not between the hole and itself, so every remaining key stays reachable.
        int hole = i;
        for (int j = (hole + 1) & mask; entries[j].Tag != 0; j = (j + 1) & mask)
        {
            int home = (int)entries[j].Hash & mask;
            bool homeInRange = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!homeInRange)
            {
                entries[hole] = entries[j];
                hole = j;
            }
        }

        entries[hole] = default;
        _count--;
        return true;
    }

    public IEnumerable<KeyValuePair<TKey, TValue>> Entries()
    {
        foreach (Entry e in _entries)
        {
            if (e.Tag != 0)
            {
                yield return new KeyValuePair<TKey, TValue>(e.Key, e.Value);
            }
        }
    }

    // The tag keeps the hash's low 32 bits (which also pick the home slot), forced non-zero.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Tag(ulong hash) => (uint)hash | 0x8000_0000u;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ref TValue AddAfterGrowth(ulong hash, scoped in TKey key)
    {
        Entry[] old = _entries;
        var entries = new Entry[old.Length * 2];
        int mask = entries.Length - 1;
        foreach (Entry e in old)
        {
            if (e.Tag != 0)
            {
                int j = (int)e.Hash & mask;
                while (entries[j].Tag != 0)
                {
                    j = (j + 1) & mask;
                }

                entries[j] = e;
            }
        }

        _entries = entries;
        _growAt = entries.Length * 3 / 4;
        return ref GetOrAdd(hash, key, out _);
    }

    [StructLayout(LayoutKind.Auto)]
    private struct Entry
    {
        public uint Tag;
        public TKey Key;
        public TValue Value;

        // The home slot needs only the hash's low bits, which the tag keeps (bit 31 forced on does not
        // matter for tables up to 2^31 slots).
        public readonly ulong Hash => Tag & 0x7FFF_FFFFu;
    }
}
