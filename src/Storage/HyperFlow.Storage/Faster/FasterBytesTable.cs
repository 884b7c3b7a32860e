using System.Buffers;
using FASTER.core;
using static HyperFlow.Storage.Faster.FasterBytesLayout;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// Keys and values as bytes in a FASTER store on its variable-length log (<c>FasterKV&lt;SpanByte,
/// SpanByte&gt;</c>): the FASTER side of states whose types hold references, and of list and map
/// state. Every write is one read-modify-write carrying a <see cref="FasterBytesCommand"/>, applied
/// in place when the key's record is in the mutable part of the log and the result fits its
/// capacity, else by FASTER copying the record to the log's tail; pending operations, batches and
/// epoch refreshes work as in <see cref="FasterTable{TKey, TValue, TInput, TUpdater}"/> (they share
/// <see cref="FasterStore{TKey, TValue, TInput, TOutput, TFunctions, TComparer}"/>).
/// </summary>
/// <remarks>
/// An operation's key and operand are written into pinned buffers reused by every operation
/// (<see cref="Key"/>, <see cref="BeginOperand"/>), so the table allocates nothing per operation;
/// reads copy into a reused buffer too (<see cref="ReadPayload"/>, valid until the next operation).
/// A write that cannot complete (its fold threw, or the value would outgrow a page) is canceled and
/// its cause kept for <see cref="TakeFailure"/>; a write that went pending reports it after it completes.
/// </remarks>
/// <typeparam name="TFold">How <see cref="FasterBytesCommand.Fold"/> folds an operand into a value.</typeparam>
internal sealed class FasterBytesTable<TFold> : IDisposable
    where TFold : struct, IFasterBytesFold
{
    private readonly FasterBytesSessionState _state = new();
    private readonly FasterPinnedBuffer _key = new();
    private readonly FasterPinnedBuffer _input = new();
    private readonly int _pageSize;

    // A mutable struct field, used in place.
    private FasterStore<SpanByte, SpanByte, SpanByte, Empty, FasterBytesFunctions<TFold>, FasterBytesKeyComparer> _store;

    /// <summary>
    /// Creates a table whose files go to <see cref="FasterStoreOptions.Directory"/>: empty, or restored from
    /// <paramref name="restore"/>, whose files must be there (as for <see cref="FasterTable{TKey, TValue, TInput, TUpdater}.Recover(FasterStoreOptions, FasterCheckpoint)"/>).
    /// </summary>
    public FasterBytesTable(FasterStoreOptions options, TFold fold, FasterCheckpoint? restore = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (restore is not null)
        {
            FasterCheckpointDirectories.Require(options, restore.IndexToken, restore.LogToken);
        }

        _pageSize = options.PageSizeBytes;
        var functions = new FasterBytesFunctions<TFold>(_state, fold);
        _store = new(this, options, recovering: restore is not null, _state, functions, new FasterBytesLengths<TFold>(functions));
        if (restore is not null)
        {
            try
            {
                _store.Recover(restore.IndexToken, restore.LogToken, restore.Version);
            }
            catch
            {
                _store.Dispose();
                throw;
            }
        }
    }

    /// <summary>Keys with a value (expired ones included until they are removed).</summary>
    public long Count => _store.Count;

    public FasterTableStatistics Statistics => _store.Statistics;

    /// <summary>The hash-index entries in use (see <see cref="FasterTable{TKey, TValue, TInput, TUpdater}.IndexEntries"/>).</summary>
    public long IndexEntries => _store.IndexEntries;

    /// <summary>The key of the next operation: reset it and write the key's bytes.</summary>
    public FasterPinnedBuffer Key => _key;

    /// <summary>The used payload of the value the last read found (for a map-value read, the entry's value).</summary>
    public ReadOnlyMemory<byte> ReadPayload => new(_state.Read, ValueHeader, _state.ReadLength - ValueHeader);

    /// <summary>When the value the last read found expires.</summary>
    public long ReadExpiresAt => FasterBytesLayout.ExpiresAt(_state.Read);

    /// <summary>The element count of the list or map the last read found.</summary>
    public int ReadCount => FasterBytesLayout.Count(_state.Read);

    /// <summary>Whether the last map-value read found the map key.</summary>
    public bool ReadMatched => _state.ReadMatched;

    public void BeginBatch() => _store.BeginBatch();

    public void EndBatch() => _store.EndBatch();

    /// <summary>Starts the operand of the next operation and returns where it goes.</summary>
    public IBufferWriter<byte> BeginOperand()
    {
        _input.Reset(InputHeader);
        return _input;
    }

    /// <summary>Reads the key's value (the part <paramref name="command"/> asks for); waits for the disk when needed.</summary>
    /// <returns>Whether the key has a value, expired or not.</returns>
    public bool Read(FasterBytesCommand command)
    {
        SpanByte key = _key.AsSpanByte();
        SpanByte input = Input(command, 0, 0, 0);
        Empty output = default;
        return _store.Read(ref key, ref input, ref output);
    }

    /// <summary>Applies a write command with the operand; it may complete later when the key's record is on disk.</summary>
    public void Write(FasterBytesCommand command, int count, long now, long expiresAt)
    {
        SpanByte key = _key.AsSpanByte();
        SpanByte input = Input(command, count, now, expiresAt);
        _store.Write(ref key, ref input);
    }

    /// <summary>Applies a map removal and waits for it to complete.</summary>
    /// <returns>Whether the map had the key.</returns>
    public bool RemoveFromMap(long now)
    {
        SpanByte key = _key.AsSpanByte();
        SpanByte input = Input(FasterBytesCommand.MapRemove, 0, now, 0);
        _store.WriteAndWait(ref key, ref input);
        return _state.MapRemoved;
    }

    /// <summary>Removes the key's value; waits for the disk when needed.</summary>
    /// <returns><c>true</c> if the key had a value.</returns>
    public bool Delete()
    {
        SpanByte key = _key.AsSpanByte();
        SpanByte input = Input(FasterBytesCommand.Delete, 0, 0, 0);
        return _store.Delete(ref key, ref input);
    }

    /// <summary>Returns (and forgets) why the last canceled write failed, if one did.</summary>
    public Exception? TakeFailure()
    {
        Exception? failure = _state.Failure;
        _state.Failure = null;
        return failure;
    }

    /// <summary>
    /// Pushes the latest record of every key with a value to <paramref name="scan"/>, once each, in log
    /// order (outside a batch; pending writes complete first).
    /// </summary>
    /// <remarks>
    /// Two passes over the log (<see cref="FasterLatestRecords"/>, then <see cref="FasterLiveRecordFilter{TScan}"/>),
    /// not FASTER's own iteration: FASTER 2.6.5 sets aside each record that does not head its hash
    /// chain in a temporary store, but copies its key by value on the way, which for a
    /// <see cref="SpanByte"/> keeps the length and the first 8 bytes only; longer keys went in as those
    /// bytes and whatever followed them on the stack, and keys that came out alike were lost. The
    /// first pass keeps every distinct key's bytes, so a scan needs memory for the keys, not the values.
    /// </remarks>
    public void Scan<TScan>(ref TScan scan)
        where TScan : IScanIteratorFunctions<SpanByte, SpanByte>
    {
        var latest = new FasterLatestRecords();
        long until = _store.ScanLog(ref latest, untilAddress: -1);
        var live = new FasterLiveRecordFilter<TScan>(latest.LiveAddresses(), scan);
        _store.ScanLog(ref live, until);
        scan = live.Inner;
    }

    /// <summary>Writes a checkpoint of the table (see <see cref="FasterTable{TKey, TValue, TInput, TUpdater}.TakeCheckpoint"/>).</summary>
    public FasterCheckpoint TakeCheckpoint(bool preferIncremental) => _store.TakeCheckpoint(preferIncremental);

    /// <summary>Deletes the index or log directory of an earlier checkpoint, unless the table builds on it.</summary>
    public bool DeleteCheckpoint(Guid token, bool index) => _store.DeleteCheckpoint(token, index);

    public void Dispose() => _store.Dispose();

    private SpanByte Input(FasterBytesCommand command, int count, long now, long expiresAt)
    {
        // A record (8-byte header, the length-prefixed key 8-byte aligned, the length-prefixed value
        // with its header) must fit in one page.
        int maxPayload = _pageSize - 8 - ((LengthPrefix + _key.Length + 7) & ~7) - LengthPrefix - ValueHeader;
        WriteInputHeader(_input.Written, command, count, now, expiresAt, maxPayload);
        return _input.AsSpanByte();
    }
}
