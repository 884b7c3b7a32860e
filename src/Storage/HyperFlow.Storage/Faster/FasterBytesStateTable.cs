using System.Buffers;
using FASTER.core;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.Serialization;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// The entries of one FASTER-backed state stored as bytes (a <see cref="FasterBytesTable{TFold}"/>):
/// the current key serialized with the store's key serializer (the canonical key bytes snapshots
/// carry), the time-to-live rules, serialization errors reported as <see cref="StateException"/>s
/// naming the state and operator, and the canonical snapshot export and import.
/// </summary>
/// <remarks>
/// A handle starts every operation with <see cref="Begin"/> (which serializes the current key and
/// returns where the operand goes), writes its operand, then calls one of <see cref="Read"/>,
/// <see cref="Write"/>, <see cref="RemoveFromMap"/> or <see cref="Delete"/>.
/// </remarks>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TFold">How the state folds inputs into values.</typeparam>
internal sealed class FasterBytesStateTable<TKey, TFold> : IFasterStateTable
    where TKey : notnull
    where TFold : struct, IFasterBytesFold
{
    private readonly FasterKeyedStateStore<TKey> _store;
    private readonly FasterBytesTable<TFold> _table;
    private readonly ArrayBufferWriter<byte> _item = new(64);
    private readonly long _ttl;
    private readonly bool _refreshOnRead;

    // Lists and maps keep their element count in the stored header; their canonical bytes start with it.
    private readonly bool _collection;

    /// <summary>Creates the state's table: empty, or recovered from <paramref name="restore"/> (its files in <see cref="FasterStoreOptions.Directory"/>).</summary>
    public FasterBytesStateTable(FasterKeyedStateStore<TKey> store, StateDescriptor descriptor, FasterStoreOptions options, TFold fold, FasterCheckpoint? restore)
    {
        _store = store;
        Descriptor = descriptor;
        _ttl = descriptor.Ttl?.Milliseconds ?? 0;
        _refreshOnRead = descriptor.Ttl?.Update == StateTtlUpdate.OnReadAndWrite;
        _collection = descriptor.Kind is StateKind.List or StateKind.Map;
        _table = new FasterBytesTable<TFold>(options, fold, restore);
    }

    /// <summary>Keys as their canonical bytes, values serialized behind a header (<see cref="FasterBytesLayout"/>).</summary>
    public static string BytesLayout => "bytes";

    public StateDescriptor Descriptor { get; }

    public string Layout => BytesLayout;

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

    /// <summary>The used payload of the value the last <see cref="Read"/> found (valid until the next operation).</summary>
    public ReadOnlyMemory<byte> ReadPayload => _table.ReadPayload;

    /// <summary>The element count of the list or map the last <see cref="Read"/> found.</summary>
    public int ReadCount => _table.ReadCount;

    /// <summary>Whether the last map-value <see cref="Read"/> found the map key.</summary>
    public bool ReadMatched => _table.ReadMatched;

    public void BeginBatch() => _table.BeginBatch();

    public void EndBatch()
    {
        _table.EndBatch();
        ThrowIfFailed();
    }

    public FasterCheckpoint TakeCheckpoint(bool preferIncremental) => _table.TakeCheckpoint(preferIncremental);

    public bool DeleteCheckpoint(Guid token, bool index) => _table.DeleteCheckpoint(token, index);

    /// <summary>Starts an operation on the current key: serializes the key, and returns where the operand goes.</summary>
    public IBufferWriter<byte> Begin()
    {
        FasterPinnedBuffer key = _table.Key;
        key.Reset();
        try
        {
            _store.KeySerializer.Serialize(_store.CurrentKey, key);
        }
        catch (Exception ex) when (ex is not StateException)
        {
            throw Failed($"serialize the key ({typeof(TKey)}) of", ex);
        }

        return _table.BeginOperand();
    }

    /// <summary>Serializes a value into the operand.</summary>
    public void Serialize<T>(IStateSerializer<T> serializer, in T value, IBufferWriter<byte> operand)
    {
        try
        {
            serializer.Serialize(value, operand);
        }
        catch (Exception ex) when (ex is not StateException)
        {
            throw Failed($"serialize a {typeof(T)} for", ex);
        }
    }

    /// <summary>Serializes one list element or map key or value into the operand, length-prefixed as <see cref="CollectionEncoding"/> writes them.</summary>
    public void SerializeItem<T>(IStateSerializer<T> serializer, in T item, IBufferWriter<byte> operand)
    {
        try
        {
            CollectionEncoding.WriteItem(item, serializer, _item, operand);
        }
        catch (Exception ex) when (ex is not StateException)
        {
            throw Failed($"serialize a {typeof(T)} for", ex);
        }
    }

    /// <summary>Deserializes a value read from the state.</summary>
    public T Deserialize<T>(IStateSerializer<T> serializer, ReadOnlyMemory<byte> bytes)
    {
        try
        {
            return serializer.Deserialize(bytes);
        }
        catch (Exception ex) when (ex is not StateException)
        {
            throw Failed($"deserialize a {typeof(T)} from", ex);
        }
    }

    /// <summary>Reads the next length-prefixed element of a list or map payload.</summary>
    public T DeserializeItem<T>(IStateSerializer<T> serializer, ReadOnlyMemory<byte> payload, ref int position)
    {
        ReadOnlyMemory<byte> item;
        try
        {
            item = CollectionEncoding.ReadItem(payload, ref position);
        }
        catch (InvalidDataException ex)
        {
            throw Failed("read an element of", ex);
        }

        return Deserialize(serializer, item);
    }

    /// <summary>Reads the current key's live value and deserializes it (value, reducing and aggregating state).</summary>
    public bool TryReadValue<T>(IStateSerializer<T> serializer, out T value)
    {
        Begin();
        if (!Read(FasterBytesCommand.ReadValue))
        {
            value = default!;
            return false;
        }

        value = Deserialize(serializer, ReadPayload);
        return true;
    }

    /// <summary>Folds a value into the current key's value inside FASTER's read-modify-write (reducing and aggregating state).</summary>
    public void Fold<T>(IStateSerializer<T> serializer, in T value)
    {
        Serialize(serializer, value, Begin());
        Write(FasterBytesCommand.Fold, 0);
    }

    /// <summary>
    /// Reads the current key's live value (the part <paramref name="command"/> asks for); an expired
    /// value is removed and reads as absent, and a read refreshes the time to live when the state says so.
    /// </summary>
    /// <returns>Whether the key has a live value.</returns>
    public bool Read(FasterBytesCommand command)
    {
        _store.Reads++;
        if (!_table.Read(command))
        {
            return false;
        }

        if (_ttl != 0)
        {
            long now = _store.Now;
            if (_table.ReadExpiresAt <= now)
            {
                _table.Delete();
                return false;
            }

            if (_refreshOnRead)
            {
                _table.Write(FasterBytesCommand.Touch, 0, now, now + _ttl);
                ThrowIfFailed();
            }
        }

        return true;
    }

    /// <summary>Applies a write command with the operand to the current key; it sets the time to live.</summary>
    /// <param name="command">What to do.</param>
    /// <param name="count">The elements the operand holds (lists and maps).</param>
    public void Write(FasterBytesCommand command, int count)
    {
        _store.Writes++;
        long now = _ttl != 0 ? _store.Now : 0;
        _table.Write(command, count, now, _ttl != 0 ? now + _ttl : long.MaxValue);
        ThrowIfFailed();
    }

    /// <summary>Removes the operand's map key from the current key's map.</summary>
    /// <returns>Whether the map had the key.</returns>
    public bool RemoveFromMap()
    {
        _store.Writes++;
        bool removed = _table.RemoveFromMap(_ttl != 0 ? _store.Now : 0);
        ThrowIfFailed();
        return removed;
    }

    /// <summary>Removes the current key's value.</summary>
    /// <returns>Whether it had one.</returns>
    public bool Delete()
    {
        Begin();
        _store.Writes++;
        return _table.Delete();
    }

    /// <summary>
    /// Copies the live entries out in canonical form (a scan of the store, on the calling thread), so
    /// the snapshot can be written while processing goes on.
    /// </summary>
    public void Release()
    {
    }

    public IStateTable Freeze()
    {
        var raw = new RawState(Descriptor.Name, Descriptor.Kind, _ttl != 0);
        var collector = new Collector(raw, _store.KeySerializer, _collection);
        _table.Scan(ref collector);
        if (collector.Failure is { } failure)
        {
            throw Failed("snapshot", failure);
        }

        return new FasterFrozenState(Descriptor, raw);
    }

    public void Export(SnapshotWriter writer, long now) => Freeze().Export(writer, now);

    /// <summary>Adds restored entries: their canonical key and value bytes are what this table stores, so nothing is deserialized.</summary>
    public void Import(RawState raw)
    {
        foreach (RawEntry entry in raw)
        {
            FasterPinnedBuffer key = _table.Key;
            key.Reset();
            key.Write(raw.Key(entry).Span);
            IBufferWriter<byte> operand = _table.BeginOperand();
            ReadOnlySpan<byte> value = raw.Value(entry).Span;
            int count = 0;
            if (_collection)
            {
                int position = 0;
                count = (int)CollectionEncoding.ReadVarInt(value, ref position);
                value = value[position..];
            }

            operand.Write(value);
            _table.Write(FasterBytesCommand.Set, count, 0, entry.ExpiresAt);
            ThrowIfFailed();
        }
    }

    public void Dispose() => _table.Dispose();

    private void ThrowIfFailed()
    {
        if (_table.TakeFailure() is { } failure)
        {
            throw Failed("update", failure);
        }
    }

    private StateException Failed(string what, Exception cause) => new(
        $"Cannot {what} state '{Descriptor.Name}' of {_store.Context.Describe()} in the FASTER backend: {cause.Message} "
        + "State types must be serializable: unmanaged structs, strings, MessagePack types ([MessagePackObject]), or types with a serializer registered through StateSerializers.Register.",
        cause);

    /// <summary>Copies each live record out in canonical form: the key's stable hash, its bytes, the expiry, the value's bytes.</summary>
    private struct Collector : IScanIteratorFunctions<SpanByte, SpanByte>
    {
        private readonly RawState _raw;
        private readonly IStateSerializer<TKey> _keys;
        private readonly bool _collection;
        private readonly ArrayBufferWriter<byte> _value = new(256);
        private byte[] _key = new byte[64];

        public Collector(RawState raw, IStateSerializer<TKey> keys, bool collection)
        {
            _raw = raw;
            _keys = keys;
            _collection = collection;
        }

        public Exception? Failure { get; private set; }

        public readonly bool OnStart(long beginAddress, long endAddress) => true;

        public bool SingleReader(ref SpanByte key, ref SpanByte value, RecordMetadata recordMetadata, long numberOfRecords)
        {
            try
            {
                Collect(key.AsReadOnlySpan(), value.AsReadOnlySpan());
                return true;
            }
            catch (Exception ex)
            {
                // Stops the scan; Freeze throws it as a StateException naming the state (FASTER would rethrow it bare).
                Failure = ex;
                return false;
            }
        }

        public bool ConcurrentReader(ref SpanByte key, ref SpanByte value, RecordMetadata recordMetadata, long numberOfRecords) =>
            SingleReader(ref key, ref value, recordMetadata, numberOfRecords);

        public readonly void OnStop(bool completed, long numberOfRecords)
        {
        }

        public void OnException(Exception exception, long numberOfRecords) => Failure ??= exception;

        private void Collect(ReadOnlySpan<byte> keyBytes, ReadOnlySpan<byte> stored)
        {
            // The stable hash of the key (its key group), computed as every backend does: from the key itself.
            ulong hash = KeyHash.Of(_keys.Deserialize(FasterBytesSessionState.CopyTo(ref _key, keyBytes)));
            _value.ResetWrittenCount();
            if (_collection)
            {
                CollectionEncoding.WriteVarInt(_value, (uint)FasterBytesLayout.Count(stored));
            }

            _value.Write(FasterBytesLayout.Payload(stored));
            _raw.Add(hash, keyBytes, FasterBytesLayout.ExpiresAt(stored), _value.WrittenSpan);
        }
    }
}
