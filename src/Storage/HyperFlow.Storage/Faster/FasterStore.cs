using System.Diagnostics;
using System.Runtime.CompilerServices;
using FASTER.core;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// A FASTER store with one session on one thread: what every table on FASTER shares, whatever it
/// stores (raw blittable records in <see cref="FasterTable{TKey, TValue, TInput, TUpdater}"/>,
/// serialized bytes in <see cref="FasterBytesTable{TFold}"/>). It owns the log device, the
/// checkpoint manager, the batch scope and its epoch refreshes, and the completion of pending
/// operations with a per-key filter that keeps every key's operations in call order.
/// </summary>
/// <remarks>
/// A mutable struct held in a field of its table and used in place, never copied: the table's
/// operations then cost what they cost before this was shared (no extra indirection), and FASTER's
/// unsafe context inside it is used in place too. Every write is a FASTER read-modify-write (see
/// <see cref="FasterCommand{TValue, TInput}"/>), so pending writes of every kind complete through one path.
/// </remarks>
/// <typeparam name="TKey">FASTER's key type.</typeparam>
/// <typeparam name="TValue">FASTER's value type.</typeparam>
/// <typeparam name="TInput">The input of reads and read-modify-writes.</typeparam>
/// <typeparam name="TOutput">The output of reads.</typeparam>
/// <typeparam name="TFunctions">The session's callbacks.</typeparam>
/// <typeparam name="TComparer">Hashes and compares keys (FASTER's index, and the pending-key filter).</typeparam>
internal partial struct FasterStore<TKey, TValue, TInput, TOutput, TFunctions, TComparer>
    where TKey : notnull
    where TOutput : struct
    where TFunctions : struct, IFunctions<TKey, TValue, TInput, TOutput, Empty>
    where TComparer : struct, IFasterEqualityComparer<TKey>
{
    internal const string LogFileName = "hlog.log";

    // 64 Ki bits: with a few hundred writes pending, an unrelated key finds its bit set well under 1% of the time.
    private const int PendingFilterWords = 1024;

    private readonly object _owner;
    private readonly FasterStoreOptions _options;
    private readonly string _directory;
    private readonly IDevice _device;
    private readonly DeviceLogCommitCheckpointManager _checkpointManager;
    private readonly DefaultCheckpointNamingScheme _naming;
    private readonly FasterKV<TKey, TValue> _store;
    private readonly ClientSession<TKey, TValue, TInput, TOutput, Empty, TFunctions> _session;
    private readonly FasterSessionState<TOutput> _state;

    // Keys (by hash bit) that may have a write pending: an operation on such a key first waits for all
    // pending writes, because FASTER completes pending operations in disk-completion order, not call order.
    private readonly ulong[] _pendingKeys;
    private readonly int _maxPending;
    private readonly int _refreshInterval;

    // A mutable struct field: FASTER's unsafe context is used in place, never copied.
    private UnsafeContext<TKey, TValue, TInput, TOutput, Empty, TFunctions> _context;
    private bool _inBatch;
    private int _batchThread;
    private int _untilRefresh;
    private bool _pendingKeysDirty;
    private long _reads;
    private long _writes;
    private long _pendingTotal;
    private Guid _indexToken;
    private Guid _logToken;

    // The log's flushed address when the last full snapshot (_logToken) was taken by this store, or -1
    // if it was not (none yet, or restored): the bound below which its restore reads the log files.
    private long _snapshotFlushedAddress;
    private bool _disposed;

    /// <summary>Opens the store; the options must be validated already.</summary>
    /// <param name="owner">The table, named in messages.</param>
    /// <param name="options">Where the files go and how FASTER is sized.</param>
    /// <param name="recovering">Whether the directory holds a log to recover (otherwise it must hold none).</param>
    /// <param name="state">What the callbacks report back.</param>
    /// <param name="functions">The session's callbacks.</param>
    /// <param name="valueLengths">For variable-length values: the length of a value a read-modify-write creates.</param>
    public FasterStore(
        object owner,
        FasterStoreOptions options,
        bool recovering,
        FasterSessionState<TOutput> state,
        TFunctions functions,
        IVariableLengthStruct<TValue, TInput>? valueLengths)
    {
        _owner = owner;
        _options = options;
        _directory = Path.GetFullPath(options.Directory);
        if (!recovering && System.IO.Directory.Exists(_directory) && System.IO.Directory.EnumerateFiles(_directory, LogFileName + ".*").Any())
        {
            throw new ArgumentException(
                $"FasterStoreOptions.Directory '{_directory}' already holds a FASTER log ({LogFileName}.*). "
                + "Restore it with FasterTable.Recover, or delete its files (or pick an empty directory) to start an empty table.",
                nameof(options));
        }

        System.IO.Directory.CreateDirectory(_directory);
        _pendingKeys = new ulong[PendingFilterWords];
        _snapshotFlushedAddress = -1;
        _maxPending = options.MaxPendingOperations;
        _refreshInterval = options.EpochRefreshInterval;
        _state = state;
        _naming = new DefaultCheckpointNamingScheme(_directory);
        _device = Devices.CreateLogDevice(Path.Combine(_directory, LogFileName), preallocateFile: false, deleteOnClose: false, recoverDevice: recovering);
        _checkpointManager = new DeviceLogCommitCheckpointManager(new LocalStorageNamedDeviceFactory(), _naming, removeOutdated: false);
        FasterKV<TKey, TValue>? store = null;
        try
        {
            store = new FasterKV<TKey, TValue>(
                options.IndexBuckets,
                new LogSettings
                {
                    LogDevice = _device,
                    MemorySizeBits = options.MemorySizeBits,
                    PageSizeBits = options.PageSizeBits,
                    SegmentSizeBits = options.SegmentSizeBits,
                    MutableFraction = options.MutableFraction,
                },
                new CheckpointSettings { CheckpointManager = _checkpointManager },
                comparer: default(TComparer),
                // One session on one thread per store: FASTER's record locking would only cost time.
                concurrencyControlMode: ConcurrencyControlMode.None);
            SessionVariableLengthStructSettings<TValue, TInput>? lengths = valueLengths is null ? null : new() { valueLength = valueLengths };
            _session = store.For(functions).NewSession<TFunctions>(functions, sessionVariableLengthStructSettings: lengths);
            _context = _session.UnsafeContext;
            _store = store;
        }
        catch
        {
            store?.Dispose();
            _checkpointManager.Dispose();
            _device.Dispose();
            throw;
        }
    }

    /// <summary>Keys with a value; exact once pending operations have completed.</summary>
    public readonly long Count => _state.Entries;

    /// <summary>Operations waiting on a disk read now.</summary>
    public readonly int PendingOperations => _state.Outstanding;

    /// <summary>Whether the calling thread is between <see cref="BeginBatch"/> and <see cref="EndBatch"/>.</summary>
    public readonly bool InBatch => _inBatch;

    /// <summary>The store's directory (absolute).</summary>
    public readonly string Directory => _directory;

    /// <summary>A point-in-time view for metrics.</summary>
    public readonly FasterTableStatistics Statistics
    {
        get
        {
            LogAccessor<TKey, TValue> log = _store.Log;
            long tail = log.TailAddress;
            return new FasterTableStatistics(
                _state.Entries,
                tail - log.BeginAddress,
                tail - log.HeadAddress,
                // The main index only: FASTER counts overflow buckets by scanning the whole index, too
                // slow for a metric read every few seconds (milliseconds per million buckets).
                _store.IndexSize * 64,
                _reads,
                _writes,
                _state.Outstanding,
                _pendingTotal);
        }
    }

    /// <summary>The hash-index entries in use (one per hash chain); counting them scans the whole index, overflow buckets included.</summary>
    public readonly long IndexEntries
    {
        get
        {
            ThrowIfDisposed();
            return _store.EntryCount;
        }
    }

    /// <summary>The session for an operation outside a batch (a batch cannot be open on a disposed store).</summary>
    private readonly ClientSession<TKey, TValue, TInput, TOutput, Empty, TFunctions> Session
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            ThrowIfDisposed();
            return _session;
        }
    }

    /// <summary>Takes FASTER's epoch for a run of operations on this thread; completes writes whose disk reads have finished.</summary>
    public void BeginBatch()
    {
        ThrowIfDisposed();
        if (_inBatch)
        {
            throw new InvalidOperationException($"FasterTable '{_directory}': BeginBatch called while a batch is open. Call EndBatch first; batches do not nest.");
        }

        _context.BeginUnsafe();
        _inBatch = true;
        _batchThread = Environment.CurrentManagedThreadId;
        _untilRefresh = _refreshInterval;
        if (_state.Outstanding != 0)
        {
            CompletePendingNoWait();
        }
    }

    /// <summary>Completes writes whose disk reads have finished (without waiting for the others) and releases FASTER's epoch.</summary>
    public void EndBatch()
    {
        if (!_inBatch)
        {
            throw new InvalidOperationException($"FasterTable '{_directory}': EndBatch called without an open batch.");
        }

        if (_batchThread != Environment.CurrentManagedThreadId)
        {
            throw new InvalidOperationException(
                $"FasterTable '{_directory}': EndBatch called on thread {Environment.CurrentManagedThreadId} but the batch was opened on thread {_batchThread}. "
                + "A table belongs to one thread: FASTER's epoch is held per thread.");
        }

        try
        {
            if (_state.Outstanding != 0)
            {
                CompletePendingNoWait();
            }
        }
        finally
        {
            _context.EndUnsafe();
            _inBatch = false;
        }
    }

    /// <summary>Reads a key; waits for the disk when its record is only there.</summary>
    /// <returns>Whether the key has a value; <paramref name="output"/> holds what the reader wrote.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Read(ref TKey key, ref TOutput output)
    {
        if (_state.Outstanding != 0)
        {
            WaitIfKeyPending(ref key);
        }

        Status status = _inBatch ? _context.Read(ref key, ref output) : Session.Read(ref key, ref output);
        _reads++;
        if (status.IsPending)
        {
            return CompletePendingRead(ref output);
        }

        Tick();
        return status.Found;
    }

    /// <summary>Reads a key with an input that tells the reader what to copy out; waits for the disk when its record is only there.</summary>
    /// <returns>Whether the key has a value.</returns>
    public bool Read(ref TKey key, ref TInput input, ref TOutput output)
    {
        if (_state.Outstanding != 0)
        {
            WaitIfKeyPending(ref key);
        }

        Status status = _inBatch ? _context.Read(ref key, ref input, ref output) : Session.Read(ref key, ref input, ref output);
        _reads++;
        if (status.IsPending)
        {
            return CompletePendingRead(ref output);
        }

        Tick();
        return status.Found;
    }

    /// <summary>
    /// A read-modify-write that may complete later when the key's record is on disk (the key is then
    /// marked pending, so the next operation on it waits).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ref TKey key, ref TInput input)
    {
        if (_state.Outstanding != 0)
        {
            WaitIfKeyPending(ref key);
        }

        Status status = _inBatch ? _context.RMW(ref key, ref input) : Session.RMW(ref key, ref input);
        _writes++;
        if (status.IsPending)
        {
            OnWritePending(ref key);
        }
        else
        {
            Tick();
        }
    }

    /// <summary>A read-modify-write that completes before returning (its callbacks report the result), waiting for the disk when needed.</summary>
    public void WriteAndWait(ref TKey key, ref TInput input) => RmwAndWait(ref key, ref input, out _);

    /// <summary>Removes a key's value with a delete command (a read-modify-write that expires the record); waits for the disk when needed.</summary>
    /// <returns><c>true</c> if the key had a value.</returns>
    public bool Delete(ref TKey key, ref TInput deleteCommand)
    {
        if (!RmwAndWait(ref key, ref deleteCommand, out Status status))
        {
            return _state.DeleteFound;
        }

        if (status.Found)
        {
            _state.Entries--;
            return true;
        }

        return false;
    }

    /// <summary>A read-modify-write that completes before returning, waiting for the disk when it goes pending.</summary>
    /// <returns><c>true</c> if it completed at once (then <paramref name="status"/> is FASTER's); <c>false</c> if it waited (its callbacks reported the result).</returns>
    private bool RmwAndWait(ref TKey key, ref TInput input, out Status status)
    {
        if (_state.Outstanding != 0)
        {
            WaitIfKeyPending(ref key);
        }

        status = _inBatch ? _context.RMW(ref key, ref input) : Session.RMW(ref key, ref input);
        _writes++;
        if (status.IsPending)
        {
            _state.Outstanding++;
            _pendingTotal++;
            WaitForAllPending();
            return false;
        }

        Tick();
        return true;
    }

    /// <summary>Releases the session, the store and the log device; deletes the files if the options say so.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            if (_inBatch && _batchThread == Environment.CurrentManagedThreadId)
            {
                EndBatch();
            }

            if (!_inBatch && _state.Outstanding != 0)
            {
                _session.CompletePending(wait: true);
            }
        }
        finally
        {
            _disposed = true;
            _session.Dispose();
            _store.Dispose();
            _checkpointManager.Dispose();
            _device.Dispose();
            if (_options.DeleteFilesOnDispose)
            {
                DeleteFiles();
            }
        }
    }

    private void WaitForAllPending()
    {
        bool done = _inBatch ? _context.CompletePending(wait: true) : _session.CompletePending(wait: true);
        Debug.Assert(done && _state.Outstanding == 0, "CompletePending(wait: true) left operations pending.");
        ClearPendingKeys();
        ThrowIfFaulted();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Tick()
    {
        if (_inBatch && --_untilRefresh == 0)
        {
            RefreshEpoch();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RefreshEpoch()
    {
        _untilRefresh = _refreshInterval;
        _context.Refresh();
        if (_state.Outstanding != 0)
        {
            CompletePendingNoWait();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WaitIfKeyPending(ref TKey key)
    {
        ulong hash = (ulong)default(TComparer).GetHashCode64(ref key);
        if ((_pendingKeys[(int)(hash >> 6) & (PendingFilterWords - 1)] & (1UL << (int)hash)) != 0)
        {
            WaitForAllPending();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnWritePending(ref TKey key)
    {
        _state.Outstanding++;
        _pendingTotal++;
        ulong hash = (ulong)default(TComparer).GetHashCode64(ref key);
        _pendingKeys[(int)(hash >> 6) & (PendingFilterWords - 1)] |= 1UL << (int)hash;
        _pendingKeysDirty = true;
        if (_state.Outstanding >= _maxPending)
        {
            WaitForAllPending();
        }
        else if (!_inBatch)
        {
            // A single operation outside a batch: collect whatever has completed, as a batch end would.
            CompletePendingNoWait();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool CompletePendingRead(ref TOutput output)
    {
        _state.Outstanding++;
        _pendingTotal++;
        WaitForAllPending();
        output = _state.ReadOutput;
        return _state.ReadFound;
    }

    private void CompletePendingNoWait()
    {
        if (_inBatch)
        {
            _context.CompletePending(wait: false);
        }
        else
        {
            _session.CompletePending(wait: false);
        }

        if (_state.Outstanding == 0)
        {
            ClearPendingKeys();
        }

        ThrowIfFaulted();
    }

    private readonly void ThrowIfFaulted()
    {
        if (_state.Faulted != 0)
        {
            int faulted = _state.Faulted;
            _state.Faulted = 0;
            throw new IOException(
                $"FasterTable '{_directory}': {faulted} operation(s) failed to read their record from the log files (FASTER completed them as faulted), "
                + "so their updates were not applied. Check the disk under this directory and restore the table from its last checkpoint.");
        }
    }

    private void ClearPendingKeys()
    {
        if (_pendingKeysDirty)
        {
            Array.Clear(_pendingKeys);
            _pendingKeysDirty = false;
        }
    }

    private readonly void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, _owner);

    private readonly void ThrowIfInBatch(string operation)
    {
        ThrowIfDisposed();
        if (_inBatch)
        {
            throw new InvalidOperationException(
                $"FasterTable '{_directory}': {operation} called inside a batch. Call EndBatch first: it cannot complete while this thread holds FASTER's epoch.");
        }
    }
}
