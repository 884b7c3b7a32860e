using System.Runtime.ExceptionServices;

namespace HyperFlow.Storage.Faster;

/// <content>Checkpoints, restore and enumeration.</content>
public sealed partial class FasterTable<TKey, TValue, TInput, TUpdater>
{
    /// <summary>
    /// Writes a snapshot checkpoint of the table and reports what FASTER actually wrote. Blocks
    /// until the checkpoint is durable. Call it on the table's thread, outside a batch.
    /// </summary>
    /// <remarks>
    /// <para>Without <paramref name="preferIncremental"/>, or before the table's first checkpoint, it
    /// writes a full checkpoint: a new index checkpoint and a snapshot of the log.</para>
    /// <para>With <paramref name="preferIncremental"/> it writes a delta over the last full snapshot
    /// when that is safe, and a full snapshot of the log (reusing the table's last index checkpoint)
    /// when not: when this table took no snapshot yet (e.g. after a restore), or when the log has
    /// flushed a page since that snapshot (once the log is longer than its mutable part, the
    /// <see cref="FasterStoreOptions.MutableFraction"/> of the memory budget, every append that starts a
    /// new page does). FASTER 2.6.5 would write a delta then, but that delta misses the records updated
    /// in place after the snapshot whose page was flushed meanwhile, and a restore reads them from the
    /// snapshot: with their values as of the snapshot. FASTER may still write a full
    /// snapshot when asked for a delta; the table detects which happened, from two independent signals:
    /// an incremental checkpoint keeps its snapshot's token and grows FASTER's delta log, a full one gets
    /// a new token.</para>
    /// <para>It first waits for the log pages FASTER is already writing to the log files.</para>
    /// </remarks>
    /// <param name="preferIncremental">Whether to ask for an incremental checkpoint.</param>
    /// <returns>The kind written, its tokens and version, and every file a restore needs.</returns>
    /// <exception cref="InvalidOperationException">Called inside a batch, or FASTER did not start or finish the checkpoint as expected.</exception>
    public FasterCheckpoint TakeCheckpoint(bool preferIncremental) => _store.TakeCheckpoint(preferIncremental);

    /// <summary>
    /// Opens a table restored from a checkpoint whose files (see <see cref="FasterCheckpoint.Files"/>)
    /// are in <see cref="FasterStoreOptions.Directory"/>: the directory it was taken in, or a copy.
    /// </summary>
    /// <param name="options">Where the checkpoint's files are, and how FASTER is sized (page and segment sizes must be the checkpoint's).</param>
    /// <param name="checkpoint">The checkpoint to restore.</param>
    /// <returns>The restored table, ready for use; its next incremental checkpoint will be full (FASTER needs a snapshot taken by this process first).</returns>
    /// <exception cref="ArgumentException">An option is invalid, or the checkpoint's directories are not in <see cref="FasterStoreOptions.Directory"/>.</exception>
    /// <exception cref="InvalidOperationException">FASTER restored another version than the checkpoint's.</exception>
    public static FasterTable<TKey, TValue, TInput, TUpdater> Recover(FasterStoreOptions options, FasterCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return Recover(options, checkpoint.IndexToken, checkpoint.LogToken, checkpoint.Version);
    }

    /// <summary>Opens a table restored from the checkpoint with the given tokens and version (see <see cref="Recover(FasterStoreOptions, FasterCheckpoint)"/>).</summary>
    /// <param name="options">Where the checkpoint's files are, and how FASTER is sized.</param>
    /// <param name="indexToken">The checkpoint's <see cref="FasterCheckpoint.IndexToken"/>.</param>
    /// <param name="logToken">The checkpoint's <see cref="FasterCheckpoint.LogToken"/>.</param>
    /// <param name="version">The checkpoint's <see cref="FasterCheckpoint.Version"/>.</param>
    /// <returns>The restored table.</returns>
    /// <exception cref="ArgumentException">An option is invalid, or the checkpoint's directories are not in <see cref="FasterStoreOptions.Directory"/>.</exception>
    /// <exception cref="InvalidOperationException">FASTER restored another version than <paramref name="version"/>.</exception>
    public static FasterTable<TKey, TValue, TInput, TUpdater> Recover(FasterStoreOptions options, Guid indexToken, Guid logToken, long version)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        FasterCheckpointDirectories.Require(options, indexToken, logToken);
        var table = new FasterTable<TKey, TValue, TInput, TUpdater>(options, recovering: true);
        try
        {
            table._store.Recover(indexToken, logToken, version);
            return table;
        }
        catch
        {
            table.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Deletes the index or log directory of an earlier checkpoint of this table (see <see cref="FasterStore{TKey, TValue, TInput, TOutput, TFunctions, TComparer}.DeleteCheckpoint"/>).
    /// </summary>
    /// <param name="token">The earlier checkpoint's index or log token.</param>
    /// <param name="index">Whether to delete the index checkpoint (otherwise the log checkpoint).</param>
    /// <returns><c>true</c> when the directory is gone; <c>false</c> when the table builds on it and kept it.</returns>
    internal bool DeleteCheckpoint(Guid token, bool index) => _store.DeleteCheckpoint(token, index);

    /// <summary>
    /// Calls <paramref name="visitor"/> once for every key with a value, on disk or in memory (FASTER
    /// scans the whole log). Call it on the table's thread, outside a batch; pending writes complete first.
    /// </summary>
    /// <typeparam name="TVisitor">The visitor type; a struct is called without an interface call.</typeparam>
    /// <param name="visitor">Receives the records; passed by reference, so a struct visitor keeps its state.</param>
    /// <returns>The number of records visited.</returns>
    /// <exception cref="InvalidOperationException">Called inside a batch.</exception>
    public long ForEach<TVisitor>(ref TVisitor visitor)
        where TVisitor : IFasterRecordVisitor<TKey, TValue>
    {
        var scan = new FasterScanAdapter<TKey, TValue, TVisitor>(visitor);
        _store.Scan(ref scan);
        visitor = scan.Visitor;
        if (scan.Failure is not null)
        {
            ExceptionDispatchInfo.Throw(scan.Failure);
        }

        return scan.Visited;
    }
}
