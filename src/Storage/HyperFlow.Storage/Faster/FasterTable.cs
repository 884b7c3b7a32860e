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
    private readonly FasterSessionState<TValue> _state;

    // A mutable struct field, used in place: the shared FASTER machinery without an indirection per operation.
    private FasterStore<TKey, TValue, FasterCommand<TValue, TInput>, TValue, FasterTableFunctions<TKey, TValue, TInput, TUpdater>, FasterKeyComparer<TKey>> _store;

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
        _state = new FasterSessionState<TValue>();
        _store = new(this, options, recovering, _state, new FasterTableFunctions<TKey, TValue, TInput, TUpdater>(_state), valueLengths: null);
    }

    /// <summary>Keys with a value; exact once pending operations have completed (<see cref="PendingOperations"/> is 0).</summary>
    public long Count => _store.Count;

    /// <summary>Operations waiting on a disk read now (a metric; reads never stay pending).</summary>
    public int PendingOperations => _store.PendingOperations;

    /// <summary>Whether the calling thread is between <see cref="BeginBatch"/> and <see cref="EndBatch"/>.</summary>
    public bool InBatch => _store.InBatch;

    /// <summary>The table's directory (absolute).</summary>
    public string Directory => _store.Directory;

    /// <summary>A point-in-time view for metrics; safe to read from another thread (values may be slightly stale).</summary>
    public FasterTableStatistics Statistics => _store.Statistics;

    /// <summary>
    /// The entries of FASTER's hash index in use: one per hash chain, which keys whose hashes fall in
    /// the same bucket with the same tag share. Well below <see cref="Count"/>, keys share chains, and
    /// every operation on one of them walks the records of the others. A diagnostic: it scans the whole
    /// index (milliseconds per million buckets), so read it far less often than <see cref="Statistics"/>,
    /// and on the table's thread.
    /// </summary>
    public long IndexEntries => _store.IndexEntries;

    /// <summary>
    /// Takes FASTER's epoch for a run of operations on this thread, until <see cref="EndBatch"/>.
    /// Completes writes whose disk reads have finished meanwhile.
    /// </summary>
    /// <exception cref="InvalidOperationException">A batch is already open.</exception>
    public void BeginBatch() => _store.BeginBatch();

    /// <summary>
    /// Ends the batch: completes writes whose disk reads have finished (without waiting for the
    /// others) and releases FASTER's epoch, so checkpoints and evictions can progress while the thread idles.
    /// </summary>
    /// <exception cref="InvalidOperationException">No batch is open, or it was opened by another thread.</exception>
    public void EndBatch() => _store.EndBatch();

    /// <summary>Reads the value of a key; waits for the disk when its record is only there.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The key's value, or <c>default</c> when it has none.</param>
    /// <returns><c>true</c> if the key has a value.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryRead(in TKey key, out TValue value)
    {
        TKey k = key;
        TValue output = default;
        bool found = _store.Read(ref k, ref output);
        value = output;
        return found;
    }

    /// <summary>Folds <paramref name="input"/> into the key's value (<see cref="IValueUpdater{TValue, TInput}"/>), creating it if the key has none.</summary>
    /// <param name="key">The key.</param>
    /// <param name="input">What to fold in.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Rmw(in TKey key, in TInput input)
    {
        TKey k = key;
        var command = new FasterCommand<TValue, TInput> { Input = input, Kind = FasterCommandKind.Update };
        _store.Write(ref k, ref command);
    }

    /// <summary>Sets the key's value, replacing any.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The new value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Upsert(in TKey key, in TValue value)
    {
        TKey k = key;
        var command = new FasterCommand<TValue, TInput> { Value = value, Kind = FasterCommandKind.Set };
        _store.Write(ref k, ref command);
    }

    /// <summary>Removes a key's value; waits for the disk when its record is only there.</summary>
    /// <param name="key">The key.</param>
    /// <returns><c>true</c> if the key had a value.</returns>
    public bool Delete(in TKey key)
    {
        TKey k = key;
        var command = new FasterCommand<TValue, TInput> { Kind = FasterCommandKind.Delete };
        return _store.Delete(ref k, ref command);
    }

    /// <summary>Releases the session, the store and the log device; deletes the files if <see cref="FasterStoreOptions.DeleteFilesOnDispose"/>.</summary>
    /// <remarks>Completes pending writes first. Call it on the table's thread.</remarks>
    public void Dispose() => _store.Dispose();

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
