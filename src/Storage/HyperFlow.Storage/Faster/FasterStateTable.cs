using HyperFlow.Storage.Serialization;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// The entries of one FASTER-backed state: a <see cref="FasterTable{TKey, TValue, TInput, TUpdater}"/>
/// of cells, the time-to-live rules, and the canonical snapshot export and import.
/// </summary>
internal sealed class FasterStateTable<TKey, T, TCell, TInput, TUpdater> : IFasterStateTable
    where TKey : notnull
    where TCell : struct, ICell<TCell, T>
    where TInput : struct
    where TUpdater : struct, IValueUpdater<TCell, TInput>
{
    private readonly FasterKeyedStateStore<TKey> _store;
    private readonly FasterTable<TKey, TCell, TInput, TUpdater> _table;
    private readonly IStateSerializer<T> _values = StateSerializers.For<T>();
    private readonly long _ttl;
    private readonly bool _refreshOnRead;

    /// <summary>Creates the state's table: empty, or recovered from <paramref name="restore"/> (its files in <see cref="FasterStoreOptions.Directory"/>).</summary>
    public FasterStateTable(FasterKeyedStateStore<TKey> store, StateDescriptor descriptor, FasterStoreOptions options, FasterCheckpoint? restore)
    {
        _store = store;
        Descriptor = descriptor;
        _ttl = descriptor.Ttl?.Milliseconds ?? 0;
        _refreshOnRead = descriptor.Ttl?.Update == StateTtlUpdate.OnReadAndWrite;
        _table = restore is null
            ? new FasterTable<TKey, TCell, TInput, TUpdater>(options)
            : FasterTable<TKey, TCell, TInput, TUpdater>.Recover(options, restore);
    }

    /// <summary>Raw records: the key and cell types decide their bytes.</summary>
    public static string RawLayout => $"raw {typeof(TKey)} {typeof(TCell)}";

    public StateDescriptor Descriptor { get; }

    public string Layout => RawLayout;

    public long Entries => _table.Count;

    public long SizeBytes
    {
        get
        {
            FasterTableStatistics statistics = _table.Statistics;
            return statistics.LogSizeBytes + statistics.IndexSizeBytes;
        }
    }

    public FasterTableStatistics Statistics => _table.Statistics;

    public long IndexEntries => _table.IndexEntries;

    /// <summary>The processing time now (Unix ms), read only for states with a time to live.</summary>
    public long Now => TCell.HasTtl ? _store.Now : 0;

    /// <summary>The expiry of a cell written at <paramref name="now"/>.</summary>
    public long ExpiresAt(long now) => TCell.HasTtl ? now + _ttl : long.MaxValue;

    public void BeginBatch() => _table.BeginBatch();

    public void EndBatch() => _table.EndBatch();

    public FasterCheckpoint TakeCheckpoint(bool preferIncremental) => _table.TakeCheckpoint(preferIncremental);

    public bool DeleteCheckpoint(Guid token, bool index) => _table.DeleteCheckpoint(token, index);

    /// <summary>Reads the current key's live value.</summary>
    public bool TryRead(out T value)
    {
        _store.Reads++;
        TKey key = _store.CurrentKey;
        if (!_table.TryRead(key, out TCell cell))
        {
            value = default!;
            return false;
        }

        if (TCell.HasTtl)
        {
            long now = _store.Now;
            if (TCell.ExpiresAt(cell) <= now)
            {
                _table.Delete(key);
                value = default!;
                return false;
            }

            if (_refreshOnRead)
            {
                TCell.SetExpiresAt(ref cell, now + _ttl);
                _table.Upsert(key, cell);
            }
        }

        value = TCell.Value(ref cell);
        return true;
    }

    /// <summary>Sets the current key's value.</summary>
    public void Upsert(in T value)
    {
        _store.Writes++;
        TCell cell = default;
        TCell.Value(ref cell) = value;
        TCell.SetExpiresAt(ref cell, ExpiresAt(Now));
        _table.Upsert(_store.CurrentKey, cell);
    }

    /// <summary>Folds an input into the current key's cell, inside FASTER (it may complete later if the record is on disk).</summary>
    public void Rmw(in TInput input)
    {
        _store.Writes++;
        _table.Rmw(_store.CurrentKey, input);
    }

    /// <summary>Removes the current key's value.</summary>
    public bool Delete()
    {
        _store.Writes++;
        return _table.Delete(_store.CurrentKey);
    }

    /// <summary>
    /// Copies the live entries out (a scan of the store, on the calling thread), so the canonical
    /// snapshot can be written while processing goes on. Checkpoints use FASTER's own snapshots instead.
    /// </summary>
    public void Release()
    {
    }

    public IStateTable Freeze()
    {
        var raw = new RawState(Descriptor.Name, Descriptor.Kind, TCell.HasTtl);
        var collector = new Collector(raw, _store.KeySerializer, _values);
        _table.ForEach(ref collector);
        return new FasterFrozenState(Descriptor, raw);
    }

    public void Export(SnapshotWriter writer, long now) => Freeze().Export(writer, now);

    public void Import(RawState raw)
    {
        foreach (RawEntry entry in raw)
        {
            TKey key = _store.KeySerializer.Deserialize(raw.Key(entry));
            TCell cell = default;
            TCell.Value(ref cell) = _values.Deserialize(raw.Value(entry));
            TCell.SetExpiresAt(ref cell, entry.ExpiresAt);
            _table.Upsert(key, cell);
        }
    }

    public void Dispose() => _table.Dispose();

    private struct Collector(RawState raw, IStateSerializer<TKey> keys, IStateSerializer<T> values) : IFasterRecordVisitor<TKey, TCell>
    {
        private readonly System.Buffers.ArrayBufferWriter<byte> _key = new();
        private readonly System.Buffers.ArrayBufferWriter<byte> _value = new();

        public readonly bool Visit(ulong hash, in TKey key, in TCell value)
        {
            _key.ResetWrittenCount();
            _value.ResetWrittenCount();
            keys.Serialize(key, _key);
            TCell cell = value;
            values.Serialize(TCell.Value(ref cell), _value);
            raw.Add(hash, _key.WrittenSpan, TCell.ExpiresAt(value), _value.WrittenSpan);
            return true;
        }
    }
}
