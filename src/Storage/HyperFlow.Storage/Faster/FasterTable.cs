using System.Diagnostics;
using System.Runtime.CompilerServices;
using FASTER.core;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// Keyed values of blittable types in a FASTER store (Microsoft.FASTER.Core): a hash index in memory
/// and a hybrid log whose newest part is in memory and the rest on disk, so the state may be far
/// larger than memory. Reads, writes, read-modify-writes and deletes; snapshot checkpoints, full or
/// incremental; restore from a checkpoint's files; enumeration of the live records.
/// </summary>
/// <remarks>
/// <para><b>One thread.</b> A table is used by one thread (a task slot's pinned thread); FASTER's
/// epoch protection is per thread, so every call, from <see cref="BeginBatch"/> to
/// <see cref="EndBatch"/> and in between, must come from that thread.</para>
/// <para><b>Batches and the epoch.</b> Between <see cref="BeginBatch"/> and <see cref="EndBatch"/>
/// the thread holds FASTER's epoch and operations run at full speed (the epoch is refreshed every
/// <see cref="FasterStoreOptions.EpochRefreshInterval"/> operations). Outside a batch each operation
/// takes and releases the epoch itself. Never leave a batch open while the thread idles or blocks:
/// FASTER's flushes, evictions and checkpoints wait for every thread holding the epoch. Close
/// batches in a <c>finally</c>.</para>
/// <code>
/// table.BeginBatch();
/// try
/// {
///     foreach (var trade in trades)
///     {
///         table.Rmw(trade.Account, trade.Notional);
///     }
/// }
/// finally
/// {
///     table.EndBatch();
/// }
/// </code>
/// <para><b>Pending operations.</b> An operation on a key whose record is only on disk waits on a
/// disk read. A read blocks until its value is there. Writes do not: they complete in the
/// background, are collected at batch boundaries and epoch refreshes, and the next operation
/// blocks only when <see cref="FasterStoreOptions.MaxPendingOperations"/> are outstanding, or when
/// it touches a key that may have a write outstanding (so every key sees its operations in call
/// order), or before a checkpoint or an enumeration.</para>
/// <para>The updater must not throw: it runs inside FASTER's update of the record. A disk read that
/// fails surfaces as an <see cref="IOException"/> from the call that completes the operation.</para>
/// </remarks>
/// <typeparam name="TKey">The key type: without object references (checked when the table is created), stored raw.</typeparam>
/// <typeparam name="TValue">The value type: without object references (checked), stored raw.</typeparam>
/// <typeparam name="TInput">What <see cref="Rmw"/> folds into a value.</typeparam>
/// <typeparam name="TUpdater">How an input is folded into a value; called as <c>default(TUpdater)</c>, so the fold is inlined.</typeparam>
public sealed partial class FasterTable<TKey, TValue, TInput, TUpdater> : IDisposable
    where TKey : notnull
    where TValue : struct
    where TInput : struct
    where TUpdater : struct, IValueUpdater<TValue, TInput>
{
    private const string LogFileName = "hlog.log";

    // 64 Ki bits: with a few hundred writes pending, an unrelated key finds its bit set well under 1% of the time.
    private const int PendingFilterWords = 1024;

    private readonly FasterStoreOptions _options;
    private readonly string _directory;
    private readonly IDevice _device;
    private readonly DeviceLogCommitCheckpointManager _checkpointManager;
    private readonly DefaultCheckpointNamingScheme _naming;
    private readonly FasterKV<TKey, TValue> _store;
    private readonly ClientSession<TKey, TValue, FasterCommand<TValue, TInput>, TValue, Empty, FasterTableFunctions<TKey, TValue, TInput, TUpdater>> _session;
    private readonly FasterSessionState<TValue> _state;

    // Keys (by hash bit) that may have a write pending: an operation on such a key first waits for all
    // pending writes, because FASTER completes pending operations in disk-completion order, not call order.
    private readonly ulong[] _pendingKeys = new ulong[PendingFilterWords];
    private readonly int _maxPending;
    private readonly int _refreshInterval;

    // A mutable struct field: FASTER's unsafe context is used in place, never copied.
    private UnsafeContext<TKey, TValue, FasterCommand<TValue, TInput>, TValue, Empty, FasterTableFunctions<TKey, TValue, TInput, TUpdater>> _context;
    private bool _inBatch;
    private int _batchThread;
    private int _untilRefresh;
    private bool _pendingKeysDirty;
    private long _reads;
    private long _writes;
    private long _pendingTotal;
    private Guid _indexToken;
    private Guid _logToken;

    // The log's flushed address when the last full snapshot (_logToken) was taken by this table, or -1
    // if it was not (none yet, or restored): the bound below which its restore reads the log files.
    private long _snapshotFlushedAddress = -1;
    private bool _disposed;

    /// <summary>Creates an empty table whose files go to <see cref="FasterStoreOptions.Directory"/>.</summary>
    /// <param name="options">Where the files go and how FASTER is sized.</param>
    /// <exception cref="ArgumentException">An option is invalid, or the directory already holds a FASTER log.</exception>
    public FasterTable(FasterStoreOptions options)
        : this(options, recovering: false)
    {
    }

    private FasterTable(FasterStoreOptions options, bool recovering)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (RuntimeHelpers.IsReferenceOrContainsReferences<TKey>() || RuntimeHelpers.IsReferenceOrContainsReferences<TValue>())
        {
            throw new NotSupportedException(
                $"A FasterTable stores keys and values as raw bytes on FASTER's blittable log; {typeof(TKey)} and {typeof(TValue)} must both be types without object references (unmanaged structs).");
        }

        options.Validate();
        ValidateRecordFitsPage(options);
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
        _maxPending = options.MaxPendingOperations;
        _refreshInterval = options.EpochRefreshInterval;
        _state = new FasterSessionState<TValue>();
        _naming = new DefaultCheckpointNamingScheme(_directory);
        _device = Devices.CreateLogDevice(Path.Combine(_directory, LogFileName), preallocateFile: false, deleteOnClose: false, recoverDevice: recovering);
        _checkpointManager = new DeviceLogCommitCheckpointManager(new LocalStorageNamedDeviceFactory(), _naming, removeOutdated: false);
        try
        {
            _store = new FasterKV<TKey, TValue>(
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
                comparer: default(FasterKeyComparer<TKey>),
                // One session on one thread per store: FASTER's record locking would only cost time.
                concurrencyControlMode: ConcurrencyControlMode.None);
            var functions = new FasterTableFunctions<TKey, TValue, TInput, TUpdater>(_state);
            _session = _store.For(functions).NewSession<FasterTableFunctions<TKey, TValue, TInput, TUpdater>>(functions);
            _context = _session.UnsafeContext;
        }
        catch
        {
            _store?.Dispose();
            _checkpointManager.Dispose();
            _device.Dispose();
            throw;
        }
    }

    /// <summary>Keys with a value; exact once pending operations have completed (<see cref="PendingOperations"/> is 0).</summary>
    public long Count => _state.Entries;

    /// <summary>Operations waiting on a disk read now (a metric; reads never stay pending).</summary>
    public int PendingOperations => _state.Outstanding;

    /// <summary>Whether the calling thread is between <see cref="BeginBatch"/> and <see cref="EndBatch"/>.</summary>
    public bool InBatch => _inBatch;

    /// <summary>The table's directory (absolute).</summary>
    public string Directory => _directory;

    /// <summary>A point-in-time view for metrics; safe to read from another thread (values may be slightly stale).</summary>
    public FasterTableStatistics Statistics
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

    /// <summary>
    /// Takes FASTER's epoch for a run of operations on this thread, until <see cref="EndBatch"/>.
    /// Completes writes whose disk reads have finished meanwhile.
    /// </summary>
    /// <exception cref="InvalidOperationException">A batch is already open.</exception>
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

    /// <summary>
    /// Ends the batch: completes writes whose disk reads have finished (without waiting for the
    /// others) and releases FASTER's epoch, so checkpoints and evictions can progress while the thread idles.
    /// </summary>
    /// <exception cref="InvalidOperationException">No batch is open, or it was opened by another thread.</exception>
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

    /// <summary>Reads the value of a key; waits for the disk when its record is only there.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The key's value, or <c>default</c> when it has none.</param>
    /// <returns><c>true</c> if the key has a value.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryRead(in TKey key, out TValue value)
    {
        if (_state.Outstanding != 0)
        {
            WaitIfKeyPending(in key);
        }

        TKey k = key;
        TValue output = default;
        Status status = _inBatch ? _context.Read(ref k, ref output) : Session.Read(ref k, ref output);
        _reads++;
        if (status.IsPending)
        {
            return CompletePendingRead(out value);
        }

        value = output;
        Tick();
        return status.Found;
    }

    /// <summary>Folds <paramref name="input"/> into the key's value (<see cref="IValueUpdater{TValue, TInput}"/>), creating it if the key has none.</summary>
    /// <param name="key">The key.</param>
    /// <param name="input">What to fold in.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Rmw(in TKey key, in TInput input)
    {
        var command = new FasterCommand<TValue, TInput> { Input = input, Kind = FasterCommandKind.Update };
        Write(in key, ref command);
    }

    /// <summary>Sets the key's value, replacing any.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The new value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Upsert(in TKey key, in TValue value)
    {
        var command = new FasterCommand<TValue, TInput> { Value = value, Kind = FasterCommandKind.Set };
        Write(in key, ref command);
    }

    /// <summary>Removes a key's value; waits for the disk when its record is only there.</summary>
    /// <param name="key">The key.</param>
    /// <returns><c>true</c> if the key had a value.</returns>
    public bool Delete(in TKey key)
    {
        if (_state.Outstanding != 0)
        {
            WaitIfKeyPending(in key);
        }

        TKey k = key;
        var command = new FasterCommand<TValue, TInput> { Kind = FasterCommandKind.Delete };
        Status status = _inBatch ? _context.RMW(ref k, ref command) : Session.RMW(ref k, ref command);
        _writes++;
        if (status.IsPending)
        {
            _state.Outstanding++;
            _pendingTotal++;
            WaitForAllPending();
            return _state.DeleteFound;
        }

        Tick();
        if (status.Found)
        {
            _state.Entries--;
            return true;
        }

        return false;
    }

    /// <summary>Releases the session, the store and the log device; deletes the files if <see cref="FasterStoreOptions.DeleteFilesOnDispose"/>.</summary>
    /// <remarks>Completes pending writes first. Call it on the table's thread.</remarks>
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Write(in TKey key, ref FasterCommand<TValue, TInput> command)
    {
        if (_state.Outstanding != 0)
        {
            WaitIfKeyPending(in key);
        }

        TKey k = key;
        Status status = _inBatch ? _context.RMW(ref k, ref command) : Session.RMW(ref k, ref command);
        _writes++;
        if (status.IsPending)
        {
            OnWritePending(in key);
        }
        else
        {
            Tick();
        }
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
    private void WaitIfKeyPending(in TKey key)
    {
        ulong hash = FasterKeyComparer<TKey>.Hash(in key);
        if ((_pendingKeys[(int)(hash >> 6) & (PendingFilterWords - 1)] & (1UL << (int)hash)) != 0)
        {
            WaitForAllPending();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnWritePending(in TKey key)
    {
        _state.Outstanding++;
        _pendingTotal++;
        ulong hash = FasterKeyComparer<TKey>.Hash(in key);
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
    private bool CompletePendingRead(out TValue value)
    {
        _state.Outstanding++;
        _pendingTotal++;
        WaitForAllPending();
        value = _state.ReadValue;
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

    private void WaitForAllPending()
    {
        bool done = _inBatch ? _context.CompletePending(wait: true) : _session.CompletePending(wait: true);
        Debug.Assert(done && _state.Outstanding == 0, "CompletePending(wait: true) left operations pending.");
        ClearPendingKeys();
        ThrowIfFaulted();
    }

    private void ThrowIfFaulted()
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

    /// <summary>The session for an operation outside a batch (a batch cannot be open on a disposed table).</summary>
    private ClientSession<TKey, TValue, FasterCommand<TValue, TInput>, TValue, Empty, FasterTableFunctions<TKey, TValue, TInput, TUpdater>> Session
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            ThrowIfDisposed();
            return _session;
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private void ThrowIfInBatch(string operation)
    {
        ThrowIfDisposed();
        if (_inBatch)
        {
            throw new InvalidOperationException(
                $"FasterTable '{_directory}': {operation} called inside a batch. Call EndBatch first: it cannot complete while this thread holds FASTER's epoch.");
        }
    }

    private static void ValidateRecordFitsPage(FasterStoreOptions options)
    {
        // A record is FASTER's 8-byte header, the key and the value, each 8-byte aligned.
        long recordBytes = 8 + AlignTo8(Unsafe.SizeOf<TKey>()) + AlignTo8(Unsafe.SizeOf<TValue>());
        if (recordBytes * 2 > options.PageSizeBytes)
        {
            throw new ArgumentException(
                $"FasterStoreOptions.PageSizeBytes is {options.PageSizeBytes} but a record of {typeof(TKey).Name} and {typeof(TValue).Name} takes {recordBytes} bytes; "
                + "raise PageSizeBytes to hold at least two records.",
                nameof(options));
        }

        static long AlignTo8(int bytes) => (bytes + 7L) & ~7L;
    }
}
