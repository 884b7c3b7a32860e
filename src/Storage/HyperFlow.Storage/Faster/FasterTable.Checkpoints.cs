using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.ExceptionServices;
using FASTER.core;

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
    /// <para>With <paramref name="preferIncremental"/> it asks FASTER for a delta over the last
    /// snapshot. FASTER silently writes a full log snapshot instead when it cannot (no snapshot yet
    /// in this process, e.g. after a restore; or the log was flushed past the end of the last snapshot,
    /// which happens once more than about the mutable part of the memory budget was appended since).
    /// The table detects which happened, from two independent signals: an incremental checkpoint keeps
    /// its snapshot's token and grows FASTER's delta log, a full one gets a new token. Such a full log
    /// snapshot reuses the table's last index checkpoint.</para>
    /// </remarks>
    /// <param name="preferIncremental">Whether to ask for an incremental checkpoint.</param>
    /// <returns>The kind written, its tokens and version, and every file a restore needs.</returns>
    /// <exception cref="InvalidOperationException">Called inside a batch, or FASTER did not start or finish the checkpoint as expected.</exception>
    public FasterCheckpoint TakeCheckpoint(bool preferIncremental)
    {
        ThrowIfInBatch(nameof(TakeCheckpoint));

        // A checkpoint's version boundary must not split an operation: finish every pending one first.
        if (_state.Outstanding != 0)
        {
            WaitForAllPending();
        }

        // The entry count travels in the checkpoint's metadata, so a restore needs no scan.
        byte[] cookie = new byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(cookie, _state.Entries);
        _store.CommitCookie = cookie;

        bool askIncremental = preferIncremental && _logToken != Guid.Empty;
        long deltaBefore = _store.IncrementalSnapshotTailAddress;
        (bool started, Guid token) = askIncremental
            ? _store.TakeHybridLogCheckpointAsync(CheckpointType.Snapshot, tryIncremental: true).AsTask().GetAwaiter().GetResult()
            : _store.TakeFullCheckpointAsync(CheckpointType.Snapshot).AsTask().GetAwaiter().GetResult();
        if (!started)
        {
            throw new InvalidOperationException(
                $"FasterTable '{_directory}': FASTER did not start the checkpoint (another checkpoint or an index resize is in progress). Retry after it completes.");
        }

        long deltaAfter = _store.IncrementalSnapshotTailAddress;
        FasterCheckpointKind kind;
        long written;
        if (askIncremental && token == _logToken)
        {
            if (deltaAfter <= deltaBefore)
            {
                throw new InvalidOperationException(
                    $"FasterTable '{_directory}': FASTER kept snapshot token {token} (an incremental checkpoint) but its delta log did not grow "
                    + $"({deltaBefore} -> {deltaAfter} bytes); the checkpoint's kind cannot be trusted.");
            }

            kind = FasterCheckpointKind.Incremental;
            written = deltaAfter - deltaBefore;
        }
        else
        {
            kind = FasterCheckpointKind.Full;
            if (!askIncremental)
            {
                // A full checkpoint writes the index and the log under one token.
                _indexToken = token;
            }

            _logToken = token;
            written = DirectoryBytes(LogCheckpointDirectory(token)) + (askIncremental ? 0 : DirectoryBytes(IndexCheckpointDirectory(token)));
        }

        // The checkpoint captured the version it closed; FASTER's LastCheckpointedVersion is not advanced by incremental ones.
        long version = _store.CurrentVersion - 1;
        return new FasterCheckpoint(kind, _indexToken, _logToken, version, _state.Entries, written, _directory, ListCheckpointFiles());
    }

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
        var naming = new DefaultCheckpointNamingScheme();
        string directory = Path.GetFullPath(options.Directory);
        foreach (string required in new[] { Path.Combine(naming.IndexCheckpointBasePath(), indexToken.ToString()), Path.Combine(naming.LogCheckpointBasePath(), logToken.ToString()) })
        {
            if (!System.IO.Directory.Exists(Path.Combine(directory, required)))
            {
                throw new ArgumentException(
                    $"FasterTable.Recover: '{Path.Combine(directory, required)}' does not exist. Copy the checkpoint's files (FasterCheckpoint.Files, "
                    + "each to its RelativePath) into FasterStoreOptions.Directory before restoring.",
                    nameof(options));
            }
        }

        var table = new FasterTable<TKey, TValue, TInput, TUpdater>(options, recovering: true);
        try
        {
            long recovered = table._store.Recover(indexToken, logToken);
            if (recovered != version)
            {
                throw new InvalidOperationException(
                    $"FasterTable '{table._directory}': restoring log checkpoint {logToken} gave version {recovered}, not the checkpoint's version {version}. "
                    + "The directory holds a later incremental checkpoint of the same snapshot (its delta file grew); restore from a copy of the checkpoint's files, "
                    + "each cut to its listed length.");
            }

            table._indexToken = indexToken;
            table._logToken = logToken;
            byte[]? cookie = table._store.RecoveredCommitCookie;
            table._state.Entries = cookie is { Length: sizeof(long) } ? BinaryPrimitives.ReadInt64LittleEndian(cookie) : table.CountByScan();
            return table;
        }
        catch
        {
            table.Dispose();
            throw;
        }
    }

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
        ThrowIfInBatch(nameof(ForEach));
        if (_state.Outstanding != 0)
        {
            WaitForAllPending();
        }

        var scan = new FasterScanAdapter<TKey, TValue, TVisitor>(visitor);
        _session.Iterate(ref scan);
        visitor = scan.Visitor;
        if (scan.Failure is not null)
        {
            ExceptionDispatchInfo.Throw(scan.Failure);
        }

        return scan.Visited;
    }

    private long CountByScan()
    {
        var counter = default(CountingVisitor);
        return ForEach(ref counter);
    }

    private string LogCheckpointDirectory(Guid token) => Path.Combine(_directory, _naming.LogCheckpointBasePath(), token.ToString());

    private string IndexCheckpointDirectory(Guid token) => Path.Combine(_directory, _naming.IndexCheckpointBasePath(), token.ToString());

    private List<FasterCheckpointFile> ListCheckpointFiles()
    {
        var files = new List<FasterCheckpointFile>();
        AddDirectory(files, IndexCheckpointDirectory(_indexToken));
        AddDirectory(files, LogCheckpointDirectory(_logToken));

        // The snapshot holds the log from where it was flushed when the checkpoint began; everything
        // older is read from the log segments, from the log's begin address on.
        long firstSegment = _store.Log.BeginAddress >> _options.SegmentSizeBits;
        foreach (string path in System.IO.Directory.EnumerateFiles(_directory, LogFileName + ".*"))
        {
            string suffix = Path.GetExtension(path).TrimStart('.');
            if (long.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out long segment) && segment >= firstSegment)
            {
                files.Add(CheckpointFile(path));
            }
        }

        files.Sort(static (a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return files;
    }

    private void AddDirectory(List<FasterCheckpointFile> files, string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new InvalidOperationException($"FasterTable '{_directory}': checkpoint directory '{directory}' is missing after FASTER reported the checkpoint complete.");
        }

        foreach (string path in System.IO.Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            files.Add(CheckpointFile(path));
        }
    }

    private FasterCheckpointFile CheckpointFile(string path) => new(path, Path.GetRelativePath(_directory, path), new FileInfo(path).Length);

    private static long DirectoryBytes(string directory) =>
        System.IO.Directory.Exists(directory)
            ? System.IO.Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Sum(static f => new FileInfo(f).Length)
            : 0;

    private void DeleteFiles()
    {
        foreach (string path in System.IO.Directory.EnumerateFiles(_directory, LogFileName + ".*"))
        {
            System.IO.File.Delete(path);
        }

        foreach (string sub in new[] { _naming.LogCheckpointBasePath(), _naming.IndexCheckpointBasePath() })
        {
            string path = Path.Combine(_directory, sub);
            if (System.IO.Directory.Exists(path))
            {
                System.IO.Directory.Delete(path, recursive: true);
            }
        }

        if (!System.IO.Directory.EnumerateFileSystemEntries(_directory).Any())
        {
            System.IO.Directory.Delete(_directory);
        }
    }

    private struct CountingVisitor : IFasterRecordVisitor<TKey, TValue>
    {
        public readonly bool Visit(ulong hash, in TKey key, in TValue value) => true;
    }
}
