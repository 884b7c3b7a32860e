using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HyperFlow.Storage.Checkpointing;

/// <summary>
/// A job's checkpoint directory: one <c>chk-N</c> folder per checkpoint, visible once its manifest is
/// durably written; the last <see cref="CheckpointStorageOptions.RetainedCheckpoints"/> completed ones
/// are kept, and recovery opens the latest one whose files all verify.
/// </summary>
/// <remarks>
/// <para>Opening the directory takes an exclusive lock on its <c>.lock</c> file (one storage per
/// directory, in any process; the file also records the next checkpoint id, so ids never repeat), removes folders without a manifest (checkpoints a crashed run never
/// completed) and every file no retained manifest references, and recounts the references of shared
/// files from the retained manifests.</para>
/// <para>Incremental checkpoints share unchanged files with earlier ones (see
/// <see cref="CheckpointWriter.AddFasterCheckpoint"/>): a file is deleted only when no retained
/// manifest references it. Manifests of retired checkpoints are deleted first, so a crash during
/// retention leaves at most unreferenced files, removed at the next open.</para>
/// <para>Metrics: <see cref="CorruptCheckpointsSkipped"/> (<c>hyperflow.checkpoint.corrupt_skipped</c>)
/// and <see cref="CleanupFailures"/> (<c>hyperflow.checkpoint.cleanup_failed</c>) count this storage's
/// events; both are also published as counters on the <c>HyperFlow</c> meter, tagged with <c>job</c>.</para>
/// </remarks>
/// <example>
/// <code>
/// using CheckpointStorage storage = CheckpointStorage.Open(new CheckpointStorageOptions(directory, "trades") { Logger = logger });
/// CheckpointReader? latest = storage.OpenLatest(new CheckpointRestoreOptions(operatorUids));
/// // ... restore from latest, run, and at each barrier:
/// using CheckpointWriter checkpoint = storage.BeginCheckpoint(storage.NextCheckpointId, "InMemory");
/// </code>
/// </example>
public sealed partial class CheckpointStorage : IDisposable
{
    /// <summary>The metric name of <see cref="CorruptCheckpointsSkipped"/>.</summary>
    public const string CorruptSkippedMetricName = "hyperflow.checkpoint.corrupt_skipped";

    /// <summary>The metric name of <see cref="CleanupFailures"/>.</summary>
    public const string CleanupFailedMetricName = "hyperflow.checkpoint.cleanup_failed";

    private readonly CheckpointStorageOptions _options;
    private readonly ILogger _logger;
    private readonly FileStream _lockFile;
    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, CheckpointManifest> _completed = [];
    private readonly SortedSet<long> _unreadable = [];
    private readonly HashSet<long> _pending = [];
    private readonly Dictionary<string, int> _references = new(StringComparer.Ordinal);
    private long _nextId = 1;
    private long _corruptSkipped;
    private long _cleanupFailures;
    private bool _disposed;

    private CheckpointStorage(CheckpointStorageOptions options, string directory, FileStream lockFile)
    {
        _options = options;
        _logger = options.Logger ?? NullLogger.Instance;
        _lockFile = lockFile;
        Directory = directory;
    }

    /// <summary>The checkpoint directory (absolute).</summary>
    public string Directory { get; }

    /// <summary>The job's name.</summary>
    public string Job => _options.Job;

    /// <summary>The id to give the next checkpoint: above every checkpoint folder found or begun.</summary>
    public long NextCheckpointId
    {
        get
        {
            lock (_lock)
            {
                return _nextId;
            }
        }
    }

    /// <summary>The retained completed checkpoints, oldest first (manifests as read or written; not verified).</summary>
    public IReadOnlyList<CheckpointManifest> Checkpoints
    {
        get
        {
            lock (_lock)
            {
                return [.. _completed.Values];
            }
        }
    }

    /// <summary>
    /// How many corrupt or partial checkpoints <see cref="OpenLatest"/> skipped (metric
    /// <c>hyperflow.checkpoint.corrupt_skipped</c>); each skip is also logged as an error.
    /// </summary>
    public long CorruptCheckpointsSkipped => Interlocked.Read(ref _corruptSkipped);

    /// <summary>
    /// How many files or folders could not be deleted by retention or cleanup (metric
    /// <c>hyperflow.checkpoint.cleanup_failed</c>); each is logged and retried at the next open.
    /// </summary>
    public long CleanupFailures => Interlocked.Read(ref _cleanupFailures);

    /// <summary>
    /// Opens (creating it if needed) a job's checkpoint directory: locks it, reads the manifests,
    /// removes incomplete checkpoints and unreferenced files, and applies retention.
    /// </summary>
    /// <param name="options">The directory, the job, and how many checkpoints to keep.</param>
    /// <returns>The storage; dispose it to release the directory.</returns>
    /// <exception cref="CheckpointException">The directory is in use by another storage, or holds checkpoints of another job.</exception>
    public static CheckpointStorage Open(CheckpointStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        string directory = Path.GetFullPath(options.Directory);
        System.IO.Directory.CreateDirectory(directory);
        string lockPath = Path.Combine(directory, CheckpointFolders.LockFileName);
        FileStream lockFile;
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock on Unix), released when the process dies.
            lockFile = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new CheckpointException(
                $"Checkpoint directory '{directory}' of job '{options.Job}' is in use by another CheckpointStorage ('{lockPath}' is locked), in this process or another. "
                + "Each running job needs a checkpoint directory of its own: stop the other run, or dispose the other storage first.", ex);
        }

        var storage = new CheckpointStorage(options, directory, lockFile);
        try
        {
            storage.Load();
            return storage;
        }
        catch
        {
            storage.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts checkpoint <paramref name="checkpointId"/> in its folder <c>chk-N</c>. It is invisible until
    /// <see cref="CheckpointWriter.Complete"/>; several checkpoints may be in progress at once.
    /// </summary>
    /// <param name="checkpointId">The id: at least <see cref="NextCheckpointId"/>.</param>
    /// <param name="stateBackend">The state backend's name (<see cref="State.IStateBackend.Name"/>).</param>
    /// <returns>The writer; dispose it (after completing it, or to abandon it).</returns>
    /// <exception cref="CheckpointException">The id was used already.</exception>
    public CheckpointWriter BeginCheckpoint(long checkpointId, string stateBackend)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateBackend);
        string folder = Path.Combine(Directory, CheckpointFolders.FolderName(checkpointId));
        lock (_lock)
        {
            ThrowIfDisposed();
            if (checkpointId < _nextId || System.IO.Directory.Exists(folder))
            {
                throw new CheckpointException(
                    $"Checkpoint {checkpointId} of job '{Job}': ids must increase and checkpoint ids up to {_nextId - 1} were used already in '{Directory}'. "
                    + $"Start from NextCheckpointId ({Math.Max(_nextId, checkpointId + 1)}).");
            }

            System.IO.Directory.CreateDirectory(folder);
            _nextId = checkpointId + 1;
            _pending.Add(checkpointId);
            RecordNextId();
        }

        return new CheckpointWriter(this, folder, Job, checkpointId, CheckpointKind.Checkpoint, stateBackend, _options.Clock, _logger, createdFolder: true);
    }

    /// <summary>
    /// Opens the latest completed checkpoint whose manifest is valid and whose files all verify, for a
    /// restore. A corrupt or partial checkpoint (unreadable manifest, missing file, wrong size or
    /// checksum) is skipped for the previous one, with an error in the log and
    /// <see cref="CorruptCheckpointsSkipped"/> incremented. Call it before new checkpoints begin.
    /// </summary>
    /// <param name="options">The job's operators, and whether state of other operators may be dropped.</param>
    /// <returns>The checkpoint, or <c>null</c> when there is none to restore (a first run, or all corrupt: logged).</returns>
    /// <exception cref="CheckpointException">The latest valid checkpoint holds state of an operator the job does not have (see <see cref="CheckpointRestoreOptions.AllowUnknownOperators"/>).</exception>
    public CheckpointReader? OpenLatest(CheckpointRestoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        long[] candidates;
        lock (_lock)
        {
            ThrowIfDisposed();
            candidates = [.. _completed.Keys.Concat(_unreadable).OrderDescending()];
        }

        int skipped = 0;
        foreach (long id in candidates)
        {
            string folder = Path.Combine(Directory, CheckpointFolders.FolderName(id));
            try
            {
                return CheckpointReader.Open(folder, options);
            }
            catch (CheckpointCorruptException ex)
            {
                Interlocked.Increment(ref _corruptSkipped);
                CheckpointStorageMetrics.CorruptSkipped.Add(1, CheckpointStorageMetrics.JobTag(Job));
                skipped++;
                CheckpointLog.CorruptSkipped(_logger, Job, id, folder, ex);
            }
        }

        if (skipped > 0)
        {
            CheckpointLog.NoRestorableCheckpoint(_logger, Job, skipped, Directory);
        }

        return null;
    }

    /// <summary>Releases the directory's lock. Complete or dispose the writers begun on it first.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        _lockFile.Dispose();
    }

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>
    /// Keeps the next id in the lock file, flushed to disk, so that ids never repeat across restarts,
    /// not even those of checkpoints abandoned (and deleted) just before a crash: sinks name their
    /// transactions after checkpoint ids.
    /// </summary>
    private void RecordNextId()
    {
        byte[] text = System.Text.Encoding.ASCII.GetBytes(_nextId.ToString(CultureInfo.InvariantCulture));
        _lockFile.SetLength(0);
        _lockFile.Position = 0;
        _lockFile.Write(text);
        _lockFile.Flush(flushToDisk: true);
    }

    private void ReadNextId()
    {
        var reader = new StreamReader(_lockFile, System.Text.Encoding.ASCII, detectEncodingFromByteOrderMarks: false, bufferSize: 64, leaveOpen: true);
        if (long.TryParse(reader.ReadToEnd(), NumberStyles.None, CultureInfo.InvariantCulture, out long next))
        {
            _nextId = Math.Max(_nextId, next);
        }
    }
}
