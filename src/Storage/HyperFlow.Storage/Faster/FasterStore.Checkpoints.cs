using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using FASTER.core;

namespace HyperFlow.Storage.Faster;

/// <content>Checkpoints, restore and scans.</content>
internal partial struct FasterStore<TKey, TValue, TInput, TOutput, TFunctions, TComparer>
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
    public FasterCheckpoint TakeCheckpoint(bool preferIncremental)
    {
        ThrowIfInBatch("TakeCheckpoint");

        // A checkpoint's version boundary must not split an operation: finish every pending one first.
        if (_state.Outstanding != 0)
        {
            WaitForAllPending();
        }

        long flushed = WaitForLogFlushes();

        // The entry count travels in the checkpoint's metadata, so a restore needs no scan.
        byte[] cookie = new byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(cookie, _state.Entries);
        _store.CommitCookie = cookie;

        // FASTER 2.6.5 writes into a delta the records changed since its snapshot only from the log's
        // flushed address on, yet restores everything from the snapshot's flushed address on from the
        // snapshot file: a delta is complete only while the log has not been flushed since the snapshot.
        bool logOnly = preferIncremental && _logToken != Guid.Empty;
        bool askIncremental = logOnly && _snapshotFlushedAddress >= 0 && flushed <= _snapshotFlushedAddress;
        long deltaBefore = _store.IncrementalSnapshotTailAddress;
        (bool started, Guid token) = logOnly
            ? _store.TakeHybridLogCheckpointAsync(CheckpointType.Snapshot, tryIncremental: askIncremental).AsTask().GetAwaiter().GetResult()
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
            if (!logOnly)
            {
                // A full checkpoint writes the index and the log under one token.
                _indexToken = token;
            }

            _logToken = token;
            _snapshotFlushedAddress = flushed;
            written = DirectoryBytes(LogCheckpointDirectory(token)) + (logOnly ? 0 : DirectoryBytes(IndexCheckpointDirectory(token)));
        }

        Debug.Assert(_store.Log.ReadOnlyAddress == flushed, "The log's read-only address moved during a checkpoint, though nothing was appended.");

        // The checkpoint captured the version it closed; FASTER's LastCheckpointedVersion is not advanced by incremental ones.
        long version = _store.CurrentVersion - 1;
        return new FasterCheckpoint(kind, _indexToken, _logToken, version, _state.Entries, written, _directory, ListCheckpointFiles());
    }

    /// <summary>
    /// Restores the store (opened with <c>recovering: true</c>) from the checkpoint with the given
    /// tokens and version, whose files are in its directory.
    /// </summary>
    /// <exception cref="InvalidOperationException">FASTER restored another version than <paramref name="version"/>.</exception>
    public void Recover(Guid indexToken, Guid logToken, long version)
    {
        long recovered = _store.Recover(indexToken, logToken);
        if (recovered != version)
        {
            throw new InvalidOperationException(
                $"FasterTable '{_directory}': restoring log checkpoint {logToken} gave version {recovered}, not the checkpoint's version {version}. "
                + "The directory holds a later incremental checkpoint of the same snapshot (its delta file grew); restore from a copy of the checkpoint's files, "
                + "each cut to its listed length.");
        }

        _indexToken = indexToken;
        _logToken = logToken;
        byte[]? cookie = _store.RecoveredCommitCookie;
        _state.Entries = cookie is { Length: sizeof(long) } ? BinaryPrimitives.ReadInt64LittleEndian(cookie) : CountByScan();
    }

    /// <summary>
    /// Deletes the index or the log checkpoint directory with <paramref name="token"/>, unless the store's
    /// next checkpoint builds on it (its current index checkpoint, or the snapshot an incremental checkpoint
    /// would extend). FASTER keeps every checkpoint it wrote (a full snapshot holds the in-memory log): once
    /// one is packaged into a checkpoint elsewhere, the store does not need it.
    /// </summary>
    /// <param name="token">An earlier checkpoint's index or log token.</param>
    /// <param name="index">Whether to delete the index checkpoint (otherwise the log checkpoint).</param>
    /// <returns><c>true</c> when the directory is gone; <c>false</c> when the store builds on it and kept it.</returns>
    public readonly bool DeleteCheckpoint(Guid token, bool index)
    {
        if (token == (index ? _indexToken : _logToken))
        {
            return false;
        }

        DeleteDirectory(index ? IndexCheckpointDirectory(token) : LogCheckpointDirectory(token));
        return true;
    }

    private static void DeleteDirectory(string directory)
    {
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Pushes every live record (the latest of each key, on disk or in memory: FASTER scans the whole
    /// log) to <paramref name="scan"/>. Call it on the store's thread, outside a batch; pending writes complete first.
    /// </summary>
    /// <remarks>
    /// For keys held whole in their struct only: FASTER sets aside the records that do not head their
    /// hash chain in a temporary store and copies their keys by value on the way, which loses the
    /// bytes of a <see cref="SpanByte"/> key past its first 8 (see <see cref="ScanLog"/> for those).
    /// </remarks>
    /// <typeparam name="TScan">The scan callbacks; a struct is called without an interface call.</typeparam>
    /// <param name="scan">Receives the records; passed by reference, so a struct keeps its state.</param>
    public void Scan<TScan>(ref TScan scan)
        where TScan : IScanIteratorFunctions<TKey, TValue>
    {
        ThrowIfInBatch("ForEach");
        if (_state.Outstanding != 0)
        {
            WaitForAllPending();
        }

        _session.Iterate(ref scan);
    }

    /// <summary>
    /// Pushes every record on the log, from its begin address to <paramref name="untilAddress"/>, in
    /// address order: superseded versions and tombstones too (<see cref="RecordMetadata.RecordInfo"/>
    /// tells them apart), so the caller decides which record of a key is live. Call it on the store's
    /// thread, outside a batch; pending writes complete first.
    /// </summary>
    /// <typeparam name="TScan">The scan callbacks; a struct is called without an interface call.</typeparam>
    /// <param name="scan">Receives the records; passed by reference, so a struct keeps its state.</param>
    /// <param name="untilAddress">Where to stop (exclusive), or -1 for the log's tail once pending writes have completed.</param>
    /// <returns>The address the scan stopped at: pass it to scan the same records again.</returns>
    public long ScanLog<TScan>(ref TScan scan, long untilAddress)
        where TScan : IScanIteratorFunctions<TKey, TValue>
    {
        ThrowIfInBatch("KeysOf or a snapshot (a scan of the log)");
        if (_state.Outstanding != 0)
        {
            WaitForAllPending();
        }

        LogAccessor<TKey, TValue> log = _store.Log;
        long until = untilAddress < 0 ? log.TailAddress : untilAddress;
        log.Scan(ref scan, log.BeginAddress, until);
        return until;
    }

    /// <summary>
    /// Waits until the log pages made read-only so far are written to the log files (FASTER writes
    /// them on I/O threads), so the log's flushed address is its read-only address, and stays there
    /// while nothing is appended. Call it outside a batch.
    /// </summary>
    /// <returns>The log's flushed (and read-only) address.</returns>
    private long WaitForLogFlushes()
    {
        LogAccessor<TKey, TValue> log = _store.Log;
        long readOnly;
        do
        {
            // Not a shift (the same address): it runs the epoch actions that issue the pending page
            // writes, then waits until the log is flushed up to the address.
            readOnly = log.ReadOnlyAddress;
            log.ShiftReadOnlyAddress(readOnly, wait: true);
        }
        while (log.ReadOnlyAddress != readOnly);

        return readOnly;
    }

    private long CountByScan()
    {
        var counter = default(CountingScan);
        Scan(ref counter);
        return counter.Visited;
    }

    private readonly string LogCheckpointDirectory(Guid token) => Path.Combine(_directory, _naming.LogCheckpointBasePath(), token.ToString());

    private readonly string IndexCheckpointDirectory(Guid token) => Path.Combine(_directory, _naming.IndexCheckpointBasePath(), token.ToString());

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

    private struct CountingScan : IScanIteratorFunctions<TKey, TValue>
    {
        public long Visited;

        public readonly bool OnStart(long beginAddress, long endAddress) => true;

        public bool SingleReader(ref TKey key, ref TValue value, RecordMetadata recordMetadata, long numberOfRecords)
        {
            Visited++;
            return true;
        }

        public bool ConcurrentReader(ref TKey key, ref TValue value, RecordMetadata recordMetadata, long numberOfRecords) => SingleReader(ref key, ref value, recordMetadata, numberOfRecords);

        public readonly void OnStop(bool completed, long numberOfRecords)
        {
        }

        public readonly void OnException(Exception exception, long numberOfRecords)
        {
        }
    }
}
