using System.Globalization;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HyperFlow.Storage.Checkpointing;

/// <summary>
/// A checkpoint or savepoint being written: subtasks add their state and positions (from any thread,
/// concurrently), then <see cref="Complete"/> makes it visible by writing its manifest durably.
/// Disposing it without completing it deletes what it wrote.
/// </summary>
/// <remarks>
/// <para>Layout: one folder per checkpoint with <c>manifest.json</c> and LZ4-framed files, one per
/// canonical snapshot and one per FASTER file. The manifest lists each file with its raw and stored
/// sizes and the xxHash64 of its stored and raw bytes.</para>
/// <para>Durability: each file is flushed to disk when written; <see cref="Complete"/> flushes the
/// folder and its parent, writes the manifest to a temporary file, flushes it, renames it to
/// <c>manifest.json</c> and flushes the folder again. A crash at any point leaves either no manifest
/// (the folder is incomplete: ignored and removed) or a whole one naming durable files.</para>
/// <para>FASTER files are copied (LZ4-framed, the prefix the checkpoint needs), not hard-linked: FASTER
/// appends to its delta and log files after the checkpoint, in place, so a hard link would share the
/// changing file and break its checksum; links also fail across file systems. A file whose bytes an
/// earlier retained checkpoint already holds (same raw size and xxHash64: a finished log segment, an
/// unchanged index or snapshot) is shared instead of copied again.</para>
/// </remarks>
/// <example>
/// <code>
/// using CheckpointWriter checkpoint = storage.BeginCheckpoint(storage.NextCheckpointId, backend.Name);
/// // on each subtask's snapshot thread, after TakeSnapshot() on the slot thread:
/// checkpoint.WriteKeyedState(store.Context, snapshot);
/// checkpoint.AddSourcePosition("trades-source", subtask, parallelism, offsets);
/// // once every subtask has acknowledged:
/// checkpoint.Complete();
/// </code>
/// </example>
public sealed class CheckpointWriter : IDisposable
{
    private readonly CheckpointStorage? _owner;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly bool _createdFolder;
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, OperatorEntry> _operators = new(StringComparer.Ordinal);
    private readonly List<string> _sharedKeys = [];
    private int _writesInFlight;
    private WriterState _state;

    internal CheckpointWriter(CheckpointStorage? owner, string folder, string job, long checkpointId, CheckpointKind kind, string stateBackend,
        TimeProvider clock, ILogger logger, bool createdFolder)
    {
        _owner = owner;
        Folder = folder;
        Job = job;
        CheckpointId = checkpointId;
        Kind = kind;
        StateBackend = stateBackend;
        _clock = clock;
        _logger = logger;
        _createdFolder = createdFolder;
    }

    private enum WriterState
    {
        Open,
        Completed,
        Aborted,
    }

    /// <summary>The folder being written (absolute).</summary>
    public string Folder { get; }

    /// <summary>The job's name.</summary>
    public string Job { get; }

    /// <summary>The checkpoint's id.</summary>
    public long CheckpointId { get; }

    /// <summary>Checkpoint or savepoint.</summary>
    public CheckpointKind Kind { get; }

    /// <summary>The state backend named in the manifest.</summary>
    public string StateBackend { get; }

    /// <summary>
    /// Starts a savepoint in a folder of the caller's choice: the same format as a checkpoint, but
    /// self-contained (no file shared with a checkpoint) and holding canonical snapshots only, so it
    /// restores with any parallelism and any backend. Retention never deletes it.
    /// </summary>
    /// <param name="folder">The savepoint's folder: it must not exist yet, or be empty.</param>
    /// <param name="job">The job's name.</param>
    /// <param name="checkpointId">The id of the checkpoint barrier the savepoint was taken at.</param>
    /// <param name="stateBackend">The state backend that wrote it (informational: savepoints restore into any backend).</param>
    /// <param name="logger">Where to log the completion. Default: nowhere.</param>
    /// <returns>The savepoint writer.</returns>
    /// <exception cref="CheckpointException">The folder holds files already.</exception>
    public static CheckpointWriter BeginSavepoint(string folder, string job, long checkpointId, string stateBackend, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentException.ThrowIfNullOrWhiteSpace(job);
        ArgumentException.ThrowIfNullOrWhiteSpace(stateBackend);
        ArgumentOutOfRangeException.ThrowIfNegative(checkpointId);
        string full = Path.GetFullPath(folder);
        bool exists = Directory.Exists(full);
        if (exists && Directory.EnumerateFileSystemEntries(full).Any())
        {
            throw new CheckpointException($"Cannot write a savepoint of job '{job}' into '{full}': the folder is not empty. Name a new folder for each savepoint.");
        }

        Directory.CreateDirectory(full);
        return new CheckpointWriter(null, full, job, checkpointId, CheckpointKind.Savepoint, stateBackend, TimeProvider.System, logger ?? NullLogger.Instance, createdFolder: !exists);
    }

    /// <summary>
    /// Writes a subtask's keyed state (a snapshot from <see cref="KeyedStateStore.TakeSnapshot"/>) as an
    /// LZ4-framed canonical snapshot and flushes it to disk. Any thread; subtasks may write concurrently.
    /// </summary>
    /// <param name="context">The subtask the state belongs to (operator uid, subtask, parallelism, key groups).</param>
    /// <param name="snapshot">The snapshot.</param>
    /// <returns>The file's manifest entry.</returns>
    /// <exception cref="CheckpointException">The subtask's keyed state was added already, or the operator was added with another parallelism.</exception>
    /// <exception cref="StateException">A key or value cannot be serialized.</exception>
    public StateFileManifest WriteKeyedState(KeyedStateContext context, KeyedStateSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(snapshot);
        SubtaskEntry entry = Reserve(context.OperatorUid, context.Subtask, context.Parallelism, context.MaxParallelism, static e => e.KeyedReserved, static e => e.KeyedReserved = true, "keyed state");
        StateFileManifest? file = null;
        try
        {
            string name = CheckpointFolders.StateFileName(context.OperatorUid, context.Subtask, "keyed");
            file = StateFiles.Write(Path.Combine(Folder, name), name, relativePath: null, snapshot.WriteTo);
        }
        finally
        {
            Release(() =>
            {
                entry.KeyedState = file;
                entry.KeyedReserved = file is not null;
            });
        }

        return file;
    }

    /// <summary>Adds a source subtask's position (offsets, splits...), opaque bytes the source reads back on restore.</summary>
    /// <param name="operatorUid">The source's uid.</param>
    /// <param name="subtask">The subtask index.</param>
    /// <param name="parallelism">The source's parallelism.</param>
    /// <param name="position">The position.</param>
    /// <exception cref="CheckpointException">The subtask's position was added already, or the operator was added with another parallelism.</exception>
    public void AddSourcePosition(string operatorUid, int subtask, int parallelism, ReadOnlySpan<byte> position)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operatorUid);
        byte[] copy = position.ToArray();
        lock (_lock)
        {
            SubtaskEntry entry = Entry(operatorUid, subtask, parallelism, maxParallelism: 0);
            if (entry.Position is not null)
            {
                throw AddedTwice("position", operatorUid, subtask);
            }

            entry.Position = copy;
        }
    }

    /// <summary>
    /// Packages the FASTER checkpoint of one state of a subtask (<see cref="IFasterCheckpointedStore.TakeCheckpoint"/>,
    /// or a table's <see cref="FasterTable{TKey, TValue, TInput, TUpdater}.TakeCheckpoint"/> under a name of the
    /// caller's choice): the prefix each of its files needs is copied, LZ4-framed, into the checkpoint (or
    /// shared with an earlier retained checkpoint that holds the same bytes), so the checkpoint restores
    /// after the store's own directory is gone. Checkpoints only: savepoints hold canonical snapshots. Any
    /// thread; states and subtasks may be added concurrently.
    /// </summary>
    /// <param name="context">The subtask the store belongs to.</param>
    /// <param name="checkpoint">The state's FASTER checkpoint; its files must not change until this returns (FASTER only appends past the listed lengths).</param>
    /// <returns>The manifest entry, listing the stored copies.</returns>
    /// <exception cref="CheckpointException">This is a savepoint; the subtask's checkpoint of that state was added already; a file is missing, shorter than listed, or changed while copied.</exception>
    public FasterSnapshotManifest AddFasterCheckpoint(KeyedStateContext context, FasterStateCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentException.ThrowIfNullOrEmpty(checkpoint.StateName);
        ArgumentException.ThrowIfNullOrEmpty(checkpoint.Layout);
        if (Kind == CheckpointKind.Savepoint)
        {
            throw new CheckpointException(
                $"Savepoint {CheckpointId} of job '{Job}' cannot hold FASTER's native checkpoint of {context.Describe()}: savepoints hold canonical snapshots, "
                + "restorable with any backend and parallelism. Write the store's TakeSnapshot() with WriteKeyedState instead.");
        }

        string state = checkpoint.StateName;
        SubtaskEntry entry = Reserve(context.OperatorUid, context.Subtask, context.Parallelism, context.MaxParallelism,
            e => e.Faster.ContainsKey(state), e => e.Faster.Add(state, null), $"FASTER checkpoint of state '{state}'");
        FasterSnapshotManifest? faster = null;
        try
        {
            FasterCheckpoint table = checkpoint.Checkpoint;
            faster = new FasterSnapshotManifest(state, checkpoint.StateKind, checkpoint.Layout, table.Kind, table.IndexToken, table.LogToken, table.Version, table.Entries,
                PackageFiles(context, state, table));
        }
        finally
        {
            Release(() =>
            {
                if (faster is null)
                {
                    entry.Faster.Remove(state);
                }
                else
                {
                    entry.Faster[state] = faster;
                }
            });
        }

        return faster;
    }

    /// <summary>
    /// Completes the checkpoint: checks that every subtask of every operator added something, then
    /// writes the manifest durably (temp file, flush, rename, flush of the folder). Only then is the
    /// checkpoint visible; the storage then applies retention.
    /// </summary>
    /// <returns>The manifest written.</returns>
    /// <exception cref="CheckpointException">A subtask is missing, a write is still in progress, or the writer was completed or disposed.</exception>
    /// <exception cref="IOException">The manifest cannot be written; the checkpoint stays invisible.</exception>
    public CheckpointManifest Complete()
    {
        CheckpointManifest manifest;
        lock (_lock)
        {
            ThrowIfNotOpen();
            if (_writesInFlight != 0)
            {
                throw new CheckpointException($"Cannot complete {Describe()}: {_writesInFlight} write(s) are still in progress. Complete it once every subtask's write has returned.");
            }

            manifest = BuildManifest();
            _state = WriterState.Completed;
        }

        try
        {
            _owner?.ThrowIfDisposed();
            DirectorySync.Flush(Folder);
            DirectorySync.Flush(Path.GetDirectoryName(Folder)!);
            ManifestFile.Write(Folder, manifest);
        }
        catch
        {
            lock (_lock)
            {
                _state = WriterState.Open;
            }

            throw;
        }

        _owner?.OnCompleted(manifest);
        var files = manifest.Files().Select(static f => f.File).ToList();
        CheckpointLog.Completed(_logger, Job, Kind, CheckpointId, Folder, files.Count, files.Count(static f => f.Path.StartsWith("../", StringComparison.Ordinal)),
            files.Sum(static f => f.RawSize), files.Sum(static f => f.StoredSize));
        return manifest;
    }

    /// <summary>Abandons the checkpoint unless it was completed: deletes the files it wrote and its folder.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_state != WriterState.Open)
            {
                return;
            }

            _state = WriterState.Aborted;
        }

        _owner?.OnAborted(CheckpointId, _sharedKeys);
        try
        {
            if (_createdFolder)
            {
                Directory.Delete(Folder, recursive: true);
            }
            else
            {
                foreach (string file in Directory.EnumerateFiles(Folder))
                {
                    File.Delete(file);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Without a manifest the folder is invisible; the storage removes it when the directory is next opened.
            _owner?.CountCleanupFailure();
            CheckpointLog.CleanupFailed(_logger, Job, Folder, ex);
        }
    }

    private List<StateFileManifest> PackageFiles(KeyedStateContext context, string state, FasterCheckpoint checkpoint)
    {
        // Unique per state within the subtask, whatever characters the state's name holds.
        string prefix = "faster" + StateIndex(context, state).ToString(CultureInfo.InvariantCulture) + "-";
        var files = new List<StateFileManifest>(checkpoint.Files.Count);
        var written = new List<string>();
        var shared = new List<string>();
        try
        {
            for (int i = 0; i < checkpoint.Files.Count; i++)
            {
                FasterCheckpointFile source = checkpoint.Files[i];
                string relativePath = source.RelativePath.Replace('\\', '/');
                if (!CheckpointFolders.IsPortableRelativePath(relativePath))
                {
                    throw new CheckpointException(
                        $"{Describe()}: FASTER file '{source.Path}' of state '{state}' of {context.Describe()} has relative path '{source.RelativePath}', which leaves the store's directory. "
                        + "Pass the FasterCheckpoint as TakeCheckpoint returned it.");
                }

                string rawChecksum = HashSource(context, state, source);
                StateFileManifest? existing = _owner?.TryShare(CheckpointId, source.Length, rawChecksum);
                if (existing is not null)
                {
                    shared.Add(existing.Path);
                    files.Add(existing with { Path = CheckpointFolders.PathFrom(CheckpointId, existing.Path), RelativePath = relativePath });
                    continue;
                }

                string name = CheckpointFolders.StateFileName(context.OperatorUid, context.Subtask, prefix + i.ToString(CultureInfo.InvariantCulture));
                string path = Path.Combine(Folder, name);
                StateFileManifest copy = StateFiles.Write(path, name, relativePath, s => StateFiles.CopyPrefix(source.Path, source.Length, s));
                written.Add(path);
                if (copy.RawChecksum != rawChecksum)
                {
                    throw new CheckpointException(
                        $"{Describe()}: FASTER file '{source.Path}' of state '{state}' of {context.Describe()} changed while it was copied (its first {source.Length} bytes hashed differently twice). "
                        + "Something rewrote the checkpoint's files: take the checkpoint again, and do not run two stores in one directory.");
                }

                files.Add(copy);
            }
        }
        catch
        {
            _owner?.ReleaseShared(shared);
            written.ForEach(File.Delete);
            throw;
        }

        lock (_lock)
        {
            _sharedKeys.AddRange(shared);
        }

        return files;
    }

    private string HashSource(KeyedStateContext context, string state, FasterCheckpointFile source)
    {
        try
        {
            return StateFiles.HashPrefix(source.Path, source.Length);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or EndOfStreamException)
        {
            throw new CheckpointException(
                $"{Describe()}: FASTER file '{source.Path}' of state '{state}' of {context.Describe()} is missing or shorter than the {source.Length} bytes the checkpoint needs: "
                + "FASTER removed or truncated it after the checkpoint was taken. Add the FASTER checkpoint before the store moves on, or take it again.", ex);
        }
    }

    /// <summary>A number for the state's files, unique within the subtask for this checkpoint (its names may hold any characters).</summary>
    private int StateIndex(KeyedStateContext context, string state)
    {
        lock (_lock)
        {
            SubtaskEntry entry = _operators[context.OperatorUid].Subtasks[context.Subtask];
            if (!entry.StateIndexes.TryGetValue(state, out int index))
            {
                index = entry.StateIndexes.Count;
                entry.StateIndexes.Add(state, index);
            }

            return index;
        }
    }

    private SubtaskEntry Reserve(string uid, int subtask, int parallelism, int maxParallelism, Func<SubtaskEntry, bool> taken, Action<SubtaskEntry> take, string what)
    {
        lock (_lock)
        {
            SubtaskEntry entry = Entry(uid, subtask, parallelism, maxParallelism);
            if (taken(entry))
            {
                throw AddedTwice(what, uid, subtask);
            }

            take(entry);
            _writesInFlight++;
            return entry;
        }
    }

    /// <summary>The entry of an operator subtask, created on first use; call it under the lock.</summary>
    private SubtaskEntry Entry(string uid, int subtask, int parallelism, int maxParallelism)
    {
        ThrowIfNotOpen();
        if (parallelism < 1 || subtask < 0 || subtask >= parallelism)
        {
            throw new CheckpointException($"{Describe()}: operator '{uid}' subtask {subtask} of parallelism {parallelism} is out of range.");
        }

        if (!_operators.TryGetValue(uid, out OperatorEntry? op))
        {
            op = new OperatorEntry(parallelism);
            _operators.Add(uid, op);
        }

        if (op.Parallelism != parallelism || (maxParallelism != 0 && op.MaxParallelism != 0 && op.MaxParallelism != maxParallelism))
        {
            throw new CheckpointException(
                $"{Describe()}: operator '{uid}' subtask {subtask} reports parallelism {parallelism} and max parallelism {maxParallelism}, but other subtasks reported "
                + $"{op.Parallelism} and {op.MaxParallelism}. Every subtask of an operator must report the same; check the operator uids are unique.");
        }

        op.MaxParallelism = Math.Max(op.MaxParallelism, maxParallelism);
        if (!op.Subtasks.TryGetValue(subtask, out SubtaskEntry? entry))
        {
            entry = new SubtaskEntry();
            op.Subtasks.Add(subtask, entry);
        }

        return entry;
    }

    private CheckpointException AddedTwice(string what, string uid, int subtask)
        => new($"{Describe()}: the {what} of operator '{uid}' subtask {subtask} was added already; each subtask adds it once per checkpoint.");

    private void Release(Action update)
    {
        lock (_lock)
        {
            update();
            _writesInFlight--;
        }
    }

    private CheckpointManifest BuildManifest()
    {
        var operators = new List<OperatorManifest>(_operators.Count);
        foreach ((string uid, OperatorEntry op) in _operators)
        {
            int[] missing = [.. Enumerable.Range(0, op.Parallelism).Where(s => !op.Subtasks.TryGetValue(s, out SubtaskEntry? e) || !e.HasContent)];
            if (missing.Length > 0)
            {
                throw new CheckpointException(
                    $"Cannot complete {Describe()}: operator '{uid}' (parallelism {op.Parallelism}) has nothing from subtask(s) {string.Join(", ", missing)}. "
                    + "Complete a checkpoint only after every subtask has acknowledged it.");
            }

            var subtasks = new List<SubtaskManifest>(op.Parallelism);
            foreach ((int index, SubtaskEntry entry) in op.Subtasks.Where(static s => s.Value.HasContent))
            {
                (int start, int count) = op.MaxParallelism == 0 ? (0, 0) : KeyGroups.RangeOf(index, op.MaxParallelism, op.Parallelism);
                // Spelled out: a null byte[] (or a bare null) converts implicitly to an empty ReadOnlyMemory, not to "no position".
                ReadOnlyMemory<byte>? position = default;
                if (entry.Position is not null)
                {
                    position = entry.Position;
                }

                FasterSnapshotManifest[]? faster = entry.Faster.Count == 0 ? null : [.. entry.Faster.Values.OfType<FasterSnapshotManifest>()];
                subtasks.Add(new SubtaskManifest(index, start, count, entry.KeyedState, faster, position));
            }

            operators.Add(new OperatorManifest(uid, op.Parallelism, op.MaxParallelism, subtasks));
        }

        return new CheckpointManifest(CheckpointManifest.CurrentFormatVersion, Job, CheckpointId, Kind, _clock.GetUtcNow(), StateBackend, operators);
    }

    private void ThrowIfNotOpen()
    {
        if (_state != WriterState.Open)
        {
            throw new CheckpointException($"{Describe()} was {(_state == WriterState.Completed ? "completed" : "abandoned")} already; begin a new checkpoint.");
        }
    }

    private string Describe() => $"{(Kind == CheckpointKind.Savepoint ? "savepoint" : "checkpoint")} {CheckpointId} of job '{Job}' in '{Folder}'";

    private sealed class OperatorEntry(int parallelism)
    {
        public int Parallelism { get; } = parallelism;

        public int MaxParallelism { get; set; }

        public SortedDictionary<int, SubtaskEntry> Subtasks { get; } = [];
    }

    private sealed class SubtaskEntry
    {
        public bool KeyedReserved { get; set; }

        public StateFileManifest? KeyedState { get; set; }

        /// <summary>The FASTER checkpoint of each state, by name; <c>null</c> while it is being packaged.</summary>
        public SortedDictionary<string, FasterSnapshotManifest?> Faster { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> StateIndexes { get; } = new(StringComparer.Ordinal);

        public byte[]? Position { get; set; }

        public bool HasContent => KeyedState is not null || Faster.Values.Any(static f => f is not null) || Position is not null;
    }
}
