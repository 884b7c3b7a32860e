using System.Runtime.CompilerServices;
using HyperFlow.Storage.InMemory;

namespace HyperFlow.Timers;

/// <summary>
/// The in-memory index of a <see cref="TimerService{TKey, TNamespace}"/>: a hash table of the pending
/// timers (which deduplicates them and holds each one's sequence number) and one binary min-heap
/// per time domain, ordered by (time, sequence number, stable key hash).
/// </summary>
/// <remarks>
/// <para>Deleting a timer removes it from the table only; its heap entry goes stale and is dropped
/// when it reaches the top (an entry is live while the table holds its timer with its sequence
/// number, so a timer deleted and registered again is not mistaken for the old entry). The top of
/// each heap is kept live, so the earliest time is a plain read. When stale entries outnumber live
/// ones (and are more than <see cref="MinStaleToCompact"/>), the heap is rebuilt without them: memory
/// stays within about twice the pending timers. Entries never move anywhere but within their heap, so
/// sifting touches only the heap's own array.</para>
/// <para>Arrays grow by doubling and never shrink, so once they have grown, adding and removing
/// allocate nothing.</para>
/// </remarks>
internal sealed class TimerQueue<TKey, TNamespace>
    where TKey : notnull
    where TNamespace : unmanaged, IEquatable<TNamespace>
{
    private const int InitialCapacity = 16;
    private const int MinStaleToCompact = 1024;

    private readonly KeyedValueTable<TimerKey<TKey, TNamespace>, long> _pending = new();
    private Heap _eventTime = new(InitialCapacity);
    private Heap _processingTime = new(InitialCapacity);

    /// <summary>The number of pending timers of a domain.</summary>
    public int Count(TimeDomain domain) => HeapOf(domain).Live;

    /// <summary>The earliest time in a domain, or <see cref="long.MaxValue"/> when it has no timer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long NextTime(TimeDomain domain)
    {
        ref Heap heap = ref HeapOf(domain);
        return heap.Count > 0 ? heap.Entries[0].Timer.Time : long.MaxValue;
    }

    /// <summary>Whether a domain has a timer at or before <paramref name="upTo"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool HasDue(TimeDomain domain, long upTo)
    {
        ref Heap heap = ref HeapOf(domain);
        return heap.Count > 0 && heap.Entries[0].Timer.Time <= upTo;
    }

    /// <summary>Adds a timer unless it is pending already.</summary>
    /// <param name="timer">The timer.</param>
    /// <param name="keyHash">The stable hash of its key.</param>
    /// <param name="sequence">Its sequence number: among timers of the same time, lower fires first.</param>
    /// <returns><c>true</c> if it was added, <c>false</c> if it was pending already.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryAdd(in TimerKey<TKey, TNamespace> timer, ulong keyHash, long sequence)
    {
        int count = _pending.Count;
        ref long pendingSequence = ref _pending.GetOrAdd(timer, IndexHash(timer, keyHash));
        if (_pending.Count == count)
        {
            return false;
        }

        pendingSequence = sequence;
        ref Heap heap = ref HeapOf(timer.Domain);
        heap.Push(new Entry(timer, sequence, keyHash));
        heap.Live++;
        return true;
    }

    /// <summary>Removes a timer if it is pending.</summary>
    /// <param name="timer">The timer.</param>
    /// <param name="keyHash">The stable hash of its key.</param>
    /// <returns><c>true</c> if it was pending.</returns>
    public bool Remove(in TimerKey<TKey, TNamespace> timer, ulong keyHash)
    {
        ulong hash = IndexHash(timer, keyHash);
        ref long found = ref _pending.Find(timer, hash);
        if (Unsafe.IsNullRef(ref found))
        {
            return false;
        }

        long sequence = found;
        _pending.Remove(timer, hash);
        ref Heap heap = ref HeapOf(timer.Domain);
        heap.Live--;
        ref Entry top = ref heap.Entries[0];
        if (top.Sequence == sequence && top.Timer.Equals(timer))
        {
            heap.RemoveTop();
            DropStaleTop(ref heap);
        }
        else if (heap.Count - heap.Live > Math.Max(heap.Live, MinStaleToCompact))
        {
            Compact(ref heap);
        }

        return true;
    }

    /// <summary>Removes the first timer of a domain (which must have one) and returns it.</summary>
    /// <param name="domain">The domain.</param>
    /// <param name="timer">The timer removed.</param>
    /// <param name="keyHash">The stable hash of its key.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void RemoveFirst(TimeDomain domain, out TimerKey<TKey, TNamespace> timer, out ulong keyHash)
    {
        ref Heap heap = ref HeapOf(domain);
        ref Entry top = ref heap.Entries[0];
        timer = top.Timer;
        keyHash = top.KeyHash;
        _pending.Remove(timer, IndexHash(timer, keyHash));
        heap.Live--;
        heap.RemoveTop();
        DropStaleTop(ref heap);
    }

    // The table's hash of a timer: the key's stable hash (already well mixed, and a string key is not
    // hashed again) combined with the time, namespace and domain, then finalised (splitmix64) so that
    // the bits the table probes with depend on all of them.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong IndexHash(in TimerKey<TKey, TNamespace> timer, ulong keyHash)
    {
        ulong h = keyHash + ((ulong)timer.Time * 0x9E3779B97F4A7C15UL) + (ulong)timer.Domain;
        if (typeof(TNamespace) != typeof(VoidNamespace))
        {
            h ^= (ulong)(uint)timer.Namespace.GetHashCode() * 0xC2B2AE3D27D4EB4FUL;
        }

        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
        return h ^ (h >> 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Heap HeapOf(TimeDomain domain)
        => ref domain == TimeDomain.EventTime ? ref _eventTime : ref _processingTime;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsLive(in Entry entry)
    {
        ref long sequence = ref _pending.Find(entry.Timer, IndexHash(entry.Timer, entry.KeyHash));
        return !Unsafe.IsNullRef(ref sequence) && sequence == entry.Sequence;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void DropStaleTop(ref Heap heap)
    {
        while (heap.Count > heap.Live && !IsLive(heap.Entries[0]))
        {
            heap.RemoveTop();
        }
    }

    // Keeps the live entries and restores the heap order bottom-up (Floyd): O(n).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Compact(ref Heap heap)
    {
        Entry[] entries = heap.Entries;
        int kept = 0;
        for (int i = 0; i < heap.Count; i++)
        {
            if (IsLive(entries[i]))
            {
                entries[kept++] = entries[i];
            }
        }

        Array.Clear(entries, kept, heap.Count - kept);
        heap.Count = kept;
        for (int i = (kept >> 1) - 1; i >= 0; i--)
        {
            heap.SiftDown(i, entries[i]);
        }
    }

    private readonly record struct Entry(TimerKey<TKey, TNamespace> Timer, long Sequence, ulong KeyHash);

    private struct Heap(int capacity)
    {
        public Entry[] Entries = new Entry[capacity];
        public int Count;
        public int Live;

        public void Push(in Entry entry)
        {
            if (Count == Entries.Length)
            {
                Array.Resize(ref Entries, Entries.Length * 2);
            }

            SiftUp(Count++, entry);
        }

        public void RemoveTop()
        {
            int last = --Count;
            Entry moved = Entries[last];
            if (RuntimeHelpers.IsReferenceOrContainsReferences<TKey>())
            {
                // Don't keep a key (a string, say) alive in a vacated slot.
                Entries[last] = default;
            }

            if (last > 0)
            {
                SiftDown(0, moved);
            }
        }

        public readonly void SiftDown(int index, Entry entry)
        {
            Entry[] entries = Entries;
            int count = Count;
            while (true)
            {
                int child = (index << 1) + 1;
                if (child >= count)
                {
                    break;
                }

                if (child + 1 < count && Less(entries[child + 1], entries[child]))
                {
                    child++;
                }

                if (!Less(entries[child], entry))
                {
                    break;
                }

                entries[index] = entries[child];
                index = child;
            }

            entries[index] = entry;
        }

        // Time first; the sequence number orders timers of the same time by registration. Two timers
        // share a sequence number only after a restore merged subtasks, and those come from different
        // subtasks, hence different key groups and different key hashes: the order stays total.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool Less(in Entry a, in Entry b)
            => a.Timer.Time != b.Timer.Time ? a.Timer.Time < b.Timer.Time
                : a.Sequence != b.Sequence ? a.Sequence < b.Sequence
                : a.KeyHash < b.KeyHash;

        private readonly void SiftUp(int index, in Entry entry)
        {
            Entry[] entries = Entries;
            while (index > 0)
            {
                int parent = (index - 1) >> 1;
                if (!Less(entry, entries[parent]))
                {
                    break;
                }

                entries[index] = entries[parent];
                index = parent;
            }

            entries[index] = entry;
        }
    }
}
