using System.Buffers;
using System.Runtime.CompilerServices;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.InMemory;

/// <summary>
/// The entries of one in-memory state: a <see cref="KeyedValueTable{TKey, TValue}"/> of cells, the
/// time-to-live rules, and the snapshot export and import the handles share.
/// </summary>
internal sealed class CellTable<TKey, TValue> : IStateTable
    where TKey : notnull
{
    private readonly InMemoryKeyedStateStore<TKey> _store;
    private readonly long _ttl;
    private readonly bool _refreshOnRead;
    private readonly CellCodec<TValue> _codec;
    private KeyedValueTable<TKey, StateCell<TValue>> _table;

    public CellTable(InMemoryKeyedStateStore<TKey> store, StateDescriptor descriptor, CellCodec<TValue> codec)
    {
        _store = store;
        Descriptor = descriptor;
        _codec = codec;
        _ttl = descriptor.Ttl?.Milliseconds ?? 0;
        _refreshOnRead = descriptor.Ttl?.Update == StateTtlUpdate.OnReadAndWrite;
        _table = new KeyedValueTable<TKey, StateCell<TValue>>();
    }

    private CellTable(CellTable<TKey, TValue> source, KeyedValueTable<TKey, StateCell<TValue>> table)
    {
        _store = source._store;
        Descriptor = source.Descriptor;
        _codec = source._codec;
        _ttl = source._ttl;
        _refreshOnRead = source._refreshOnRead;
        _table = table;
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
        ref StateCell<TValue> cell = ref _table.Find(store.CurrentKey, store.CurrentKeyHash);
        if (_ttl != 0 && !Unsafe.IsNullRef(ref cell))
        {
            return ref CheckExpiry(ref cell);
        }

        return ref Unsafe.IsNullRef(ref cell) ? ref Unsafe.NullRef<TValue>() : ref cell.Value;
    }

    /// <summary>The current key's value for writing; <paramref name="added"/> when it had none (or it had expired).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TValue GetOrAdd(out bool added)
    {
        InMemoryKeyedStateStore<TKey> store = _store;
        store.Writes++;
        ref StateCell<TValue> cell = ref _table.GetOrAdd(store.CurrentKey, store.CurrentKeyHash, out added);
        if (_ttl != 0)
        {
            Touch(ref cell, ref added);
        }
        else if (added)
        {
            cell.ExpiresAt = long.MaxValue;
        }

        return ref cell.Value;
    }

    /// <summary>Removes the current key's value.</summary>
    /// <returns><c>true</c> if it had a live one.</returns>
    public bool Remove()
    {
        InMemoryKeyedStateStore<TKey> store = _store;
        store.Writes++;
        if (_ttl != 0)
        {
            ref StateCell<TValue> cell = ref _table.Find(store.CurrentKey, store.CurrentKeyHash);
            bool live = !Unsafe.IsNullRef(ref cell) && cell.ExpiresAt > store.Now;
            _table.Remove(store.CurrentKey, store.CurrentKeyHash);
            return live;
        }

        return _table.Remove(store.CurrentKey, store.CurrentKeyHash);
    }

    public IStateTable Freeze()
    {
        KeyedValueTable<TKey, StateCell<TValue>> copy = _table.Clone();
        if (_codec.DeepCopy is { } deepCopy)
        {
            KeyedValueTable<TKey, StateCell<TValue>>.Enumerator e = copy.GetEnumerator();
            while (e.MoveNext())
            {
                e.Value.Value = deepCopy(e.Value.Value);
            }
        }

        return new CellTable<TKey, TValue>(this, copy);
    }

    public void Export(SnapshotWriter writer, long now)
    {
        var expired = new ExpiredBefore(now);
        _table.RemoveWhere(ref expired);
        writer.BeginState(Descriptor.Name, Descriptor.Kind, _ttl != 0, _table.Count);
        ArrayBufferWriter<byte> key = writer.Scratch;
        ArrayBufferWriter<byte> value = writer.ValueScratch;
        KeyedValueTable<TKey, StateCell<TValue>>.Enumerator e = _table.GetEnumerator();
        while (e.MoveNext())
        {
            key.ResetWrittenCount();
            value.ResetWrittenCount();
            _store.KeySerializer.Serialize(e.Key, key);
            _codec.Serialize(e.Value.Value, value);
            writer.WriteEntry(e.Hash, key.WrittenSpan, e.Value.ExpiresAt, value.WrittenSpan);
        }
    }

    public void Import(RawState raw)
    {
        foreach (RawEntry entry in raw)
        {
            TKey key = _store.KeySerializer.Deserialize(raw.Key(entry));
            ref StateCell<TValue> cell = ref _table.GetOrAdd(key, entry.Hash);
            cell.Value = _codec.Deserialize(raw.Value(entry));
            cell.ExpiresAt = _ttl != 0 ? entry.ExpiresAt : long.MaxValue;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ref TValue CheckExpiry(ref StateCell<TValue> cell)
    {
        long now = _store.Now;
        if (cell.ExpiresAt <= now)
        {
            _table.Remove(_store.CurrentKey, _store.CurrentKeyHash);
            return ref Unsafe.NullRef<TValue>();
        }

        if (_refreshOnRead)
        {
            cell.ExpiresAt = now + _ttl;
        }

        return ref cell.Value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Touch(ref StateCell<TValue> cell, ref bool added)
    {
        long now = _store.Now;
        if (!added && cell.ExpiresAt <= now)
        {
            cell.Value = default!;
            added = true;
        }

        cell.ExpiresAt = now + _ttl;
    }

    private readonly struct ExpiredBefore(long now) : IEntryPredicate<TKey, StateCell<TValue>>
    {
        public bool Matches(ulong hash, in TKey key, ref StateCell<TValue> value) => value.ExpiresAt <= now;
    }
}
