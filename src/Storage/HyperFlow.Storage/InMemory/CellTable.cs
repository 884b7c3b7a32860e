using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using HyperFlow.Storage.Serialization;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.InMemory;

/// <summary>
/// The entries of one in-memory state: a <see cref="KeyedValueTable{TKey, TValue}"/> of cells, the
/// time-to-live rules, and the snapshot export and import the handles share.
/// </summary>
internal sealed class CellTable<TKey, TValue, TCell> : IStateTable
    where TKey : notnull
    where TCell : struct, ICell<TCell, TValue>
{
    private readonly InMemoryKeyedStateStore<TKey> _store;
    private readonly long _ttl;
    private readonly bool _refreshOnRead;
    private readonly CellCodec<TValue> _codec;
    private readonly CellTable<TKey, TValue, TCell>? _frozenFrom;
    private KeyedValueTable<TKey, TCell> _table;
    private KeyedValueTable<TKey, TCell>? _released;

    public CellTable(InMemoryKeyedStateStore<TKey> store, StateDescriptor descriptor, CellCodec<TValue> codec)
    {
        _store = store;
        Descriptor = descriptor;
        _codec = codec;
        _ttl = descriptor.Ttl?.Milliseconds ?? 0;
        Debug.Assert(TCell.HasTtl == (_ttl != 0), "The cell type matches the descriptor's time to live.");
        _refreshOnRead = descriptor.Ttl?.Update == StateTtlUpdate.OnReadAndWrite;
        _table = new KeyedValueTable<TKey, TCell>();
    }

    private CellTable(CellTable<TKey, TValue, TCell> source, KeyedValueTable<TKey, TCell> table)
    {
        _store = source._store;
        Descriptor = source.Descriptor;
        _codec = source._codec;
        _ttl = source._ttl;
        _refreshOnRead = source._refreshOnRead;
        _table = table;
        _frozenFrom = source;
    }

    public StateDescriptor Descriptor { get; }

    public long Entries => _table.Count;

    public long SizeBytes => _table.SizeInBytes;

    /// <summary>The current key's live value, or a null reference.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TValue Find()
    {
        InMemoryKeyedStateStore<TKey> store = _store;
        store.Reads++;
        ref TCell cell = ref _table.Find(store.CurrentKey, FastKeyHash.Of(store.CurrentKey));
        if (Unsafe.IsNullRef(ref cell))
        {
            return ref Unsafe.NullRef<TValue>();
        }

        return ref TCell.HasTtl ? ref CheckExpiry(ref cell) : ref TCell.Value(ref cell);
    }

    /// <summary>The current key's value for writing; <paramref name="added"/> when it had none (or it had expired).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TValue GetOrAdd(out bool added) => ref GetOrAdd(_store.CurrentKey, out added);

    /// <summary>A key's value for writing, the key given directly (generated operators hold it in a register already).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TValue GetOrAdd(TKey key, out bool added)
    {
        _store.Writes++;
        ref TCell cell = ref _table.GetOrAdd(key, FastKeyHash.Of(key), out added);
        if (TCell.HasTtl)
        {
            Touch(ref cell, ref added);
        }

        return ref TCell.Value(ref cell);
    }

    /// <summary>
    /// A key's value for writing without a time to live; a value added for the key shows as
    /// <see cref="Entries"/> growing by one. No out parameter, so the caller's locals stay in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TValue GetOrAddPlain(TKey key)
    {
        Debug.Assert(!TCell.HasTtl, "Only for states without a time to live.");
        _store.Writes++;
        return ref TCell.Value(ref _table.GetOrAdd(key, FastKeyHash.Of(key)));
    }

    /// <summary>The table itself, for <see cref="InMemoryAccumulators{TKey, TAcc}"/>.</summary>
    public KeyedValueTable<TKey, TCell> Table => _table;

    /// <summary>Counts writes made through <see cref="Table"/> in the store's statistics.</summary>
    public void CountWrites(long writes) => _store.Writes += writes;

    /// <summary>The number of keys (without looking at expiry), as an int.</summary>
    public int Count => _table.Count;

    /// <summary>Removes the current key's value.</summary>
    /// <returns><c>true</c> if it had a live one.</returns>
    public bool Remove()
    {
        InMemoryKeyedStateStore<TKey> store = _store;
        store.Writes++;
        if (TCell.HasTtl)
        {
            ref TCell cell = ref _table.Find(store.CurrentKey, FastKeyHash.Of(store.CurrentKey));
            bool live = !Unsafe.IsNullRef(ref cell) && TCell.ExpiresAt(cell) > store.Now;
            _table.Remove(store.CurrentKey, FastKeyHash.Of(store.CurrentKey));
            return live;
        }

        return _table.Remove(store.CurrentKey, FastKeyHash.Of(store.CurrentKey));
    }

    public IStateTable Freeze()
    {
        // The copy of the previous snapshot, once written, is overwritten in place: a copy of the same
        // size then costs a memory copy, without allocating (and faulting in) as much memory again.
        KeyedValueTable<TKey, TCell> copy = _table.CloneInto(Interlocked.Exchange(ref _released, null));
        if (_codec.DeepCopy is { } deepCopy)
        {
            KeyedValueTable<TKey, TCell>.Enumerator e = copy.GetEnumerator();
            while (e.MoveNext())
            {
                ref TValue value = ref TCell.Value(ref e.Value);
                value = deepCopy(value);
            }
        }

        return new CellTable<TKey, TValue, TCell>(this, copy);
    }

    public void Release()
    {
        if (_frozenFrom is not null)
        {
            Volatile.Write(ref _frozenFrom._released, _table);
        }
    }

    public void Export(SnapshotWriter writer, long now)
    {
        var expired = new ExpiredBefore(now);
        _table.RemoveWhere(ref expired);
        writer.BeginState(Descriptor.Name, Descriptor.Kind, TCell.HasTtl, _table.Count);
        ArrayBufferWriter<byte> key = writer.Scratch;
        ArrayBufferWriter<byte> value = writer.ValueScratch;
        KeyedValueTable<TKey, TCell>.Enumerator e = _table.GetEnumerator();
        while (e.MoveNext())
        {
            key.ResetWrittenCount();
            value.ResetWrittenCount();
            _store.KeySerializer.Serialize(e.Key, key);
            _codec.Serialize(TCell.Value(ref e.Value), value);
            // The table indexes by a process-local hash; the snapshot carries the stable one (key group).
            writer.WriteEntry(Keys.KeyHash.Of(e.Key), key.WrittenSpan, TCell.ExpiresAt(e.Value), value.WrittenSpan);
        }
    }

    public void Import(RawState raw)
    {
        // Sized first: a snapshot lists keys in the slot order of the table it came from, and adding
        // them in that order to a smaller table piles them into one probe run (quadratic: seconds for 400k keys).
        _table.EnsureCapacity(_table.Count + raw.Count);
        if (_codec.RawBytes && _store.KeySerializer is BlittableSerializer<TKey>)
        {
            ImportRawBytes(raw);
            return;
        }

        IStateSerializer<TKey> keys = _store.KeySerializer;
        foreach (RawEntry entry in raw)
        {
            TKey key = keys.Deserialize(raw.Key(entry));
            ref TCell cell = ref _table.GetOrAdd(key, FastKeyHash.Of(key));
            TCell.Value(ref cell) = _codec.Deserialize(raw.Value(entry));
            TCell.SetExpiresAt(ref cell, entry.ExpiresAt);
        }
    }

    // Keys and values stored as their raw bytes are read straight out of the restored bytes: no
    // interface or delegate call per entry, nothing but the table's own work.
    private void ImportRawBytes(RawState raw)
    {
        foreach (RawEntry entry in raw)
        {
            TKey key = BlittableSerializer<TKey>.Read(entry.KeySpan);
            ref TCell cell = ref _table.GetOrAdd(key, FastKeyHash.Of(key));
            TCell.Value(ref cell) = BlittableSerializer<TValue>.Read(entry.ValueSpan);
            TCell.SetExpiresAt(ref cell, entry.ExpiresAt);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ref TValue CheckExpiry(ref TCell cell)
    {
        long now = _store.Now;
        if (TCell.ExpiresAt(cell) <= now)
        {
            _table.Remove(_store.CurrentKey, FastKeyHash.Of(_store.CurrentKey));
            return ref Unsafe.NullRef<TValue>();
        }

        if (_refreshOnRead)
        {
            TCell.SetExpiresAt(ref cell, now + _ttl);
        }

        return ref TCell.Value(ref cell);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Touch(ref TCell cell, ref bool added)
    {
        long now = _store.Now;
        if (!added && TCell.ExpiresAt(cell) <= now)
        {
            TCell.Value(ref cell) = default!;
            added = true;
        }

        TCell.SetExpiresAt(ref cell, now + _ttl);
    }

    private readonly struct ExpiredBefore(long now) : IEntryPredicate<TKey, TCell>
    {
        public bool Matches(ulong hash, in TKey key, ref TCell value) => TCell.ExpiresAt(value) <= now;
    }
}
