using System.Diagnostics;
using HyperFlow.Runtime.Execution;
using HyperFlow.Storage.Checkpointing;
using HyperFlow.Storage.State;
using Microsoft.Extensions.Logging;

namespace HyperFlow.Runtime.Checkpoints;

/// <summary>
/// Drives the checkpoints of one run of a job (Flink's asynchronous barrier snapshots). A trigger begins
/// checkpoint <c>n</c> in storage and raises the barrier the source subtasks inject into their streams;
/// each subtask captures its state when barrier <c>n</c> has reached it on every input (a subtask that has
/// finished captures its final state at once), hands the writes to the snapshot writer thread and acknowledges once
/// they are done. When every subtask has acknowledged, the manifest is written durably, checkpoint
/// <c>n</c> is complete, older pending ones are subsumed, and the committing sinks are told to commit.
/// </summary>
internal sealed class CheckpointCoordinator : IAsyncDisposable
{
    private readonly string _job;
    private readonly CheckpointingOptions _options;
    private readonly CheckpointStorage _storage;
    private readonly string _backend;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly Action<Exception> _failJob;
    private readonly Action _wakeSlots;
    private readonly SnapshotWriterThread _writer;
    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, PendingCheckpoint> _pending = [];
    private readonly List<Action<long>> _committers = [];
    private readonly HashSet<Task> _inFlight = [];
    private readonly KeyValuePair<string, object?> _jobTag;
    private IReadOnlyList<ChainTask> _tasks = [];
    private long _nextId;
    private long _requested;
    private long? _lastCompletedAt;
    private int _consecutiveFailures;
    private bool _disposed;

    public CheckpointCoordinator(string job, CheckpointingOptions options, CheckpointStorage storage, string backend, ILogger logger, TimeProvider clock,
        Action<Exception> failJob, Action wakeSlots, int? writerCpu)
    {
        _writer = new SnapshotWriterThread(job, writerCpu, logger);
        _job = job;
        _options = options;
        _storage = storage;
        _backend = backend;
        _logger = logger;
        _clock = clock;
        _failJob = failJob;
        _wakeSlots = wakeSlots;
        _nextId = storage.NextCheckpointId;
        _jobTag = new KeyValuePair<string, object?>("job", job);
    }

    /// <summary>The highest checkpoint id whose barrier sources are asked to inject (0 before the first).</summary>
    public long RequestedBarrier => Volatile.Read(ref _requested);

    /// <summary>The subtasks that acknowledge every checkpoint; set once before the slots start.</summary>
    public void Attach(IReadOnlyList<ChainTask> tasks) => _tasks = tasks;

    /// <summary>Registers a committing sink writer: told to commit each completed checkpoint.</summary>
    public void AddCommitter(Action<long> commit)
    {
        lock (_lock)
        {
            _committers.Add(commit);
        }
    }

    /// <summary>Starts a checkpoint (or, with <paramref name="savepointFolder"/>, a savepoint) now.</summary>
    /// <param name="savepointFolder">Where to write a savepoint; <c>null</c> for a checkpoint in the job's directory.</param>
    /// <returns>Completes with the manifest once the checkpoint is complete; faults when it is aborted.</returns>
    public Task<CheckpointManifest> Trigger(string? savepointFolder)
    {
        PendingCheckpoint pending;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            long id = _nextId++;
            CheckpointWriter writer = savepointFolder is null
                ? _storage.BeginCheckpoint(id, _backend)
                : CheckpointWriter.BeginSavepoint(savepointFolder, _job, id, _backend, _logger);
            pending = new PendingCheckpoint(id, writer, _tasks.Count, Stopwatch.GetTimestamp(), savepointFolder is not null);
            // Each checkpoint has its own timer on the job's clock (as Flink's checkpoint canceller), so the
            // timeout holds to the tick whatever the interval. Started before the checkpoint is registered: its
            // callback takes this lock, and finds the checkpoint registered by then.
            pending.WatchTimeout(_clock.CreateTimer(state => TimedOut((PendingCheckpoint)state!), pending, _options.Timeout, Timeout.InfiniteTimeSpan));
            _pending.Add(id, pending);
            Volatile.Write(ref _requested, id);
        }

        CheckpointingLog.Triggered(_logger, _job, pending.IsSavepoint ? "savepoint" : "checkpoint", pending.Id);
        // Subtasks that have finished will see no barrier: they capture their final state now.
        foreach (ChainTask task in _tasks)
        {
            task.OnCheckpointRequested(pending.Id);
        }

        _wakeSlots();
        return pending.Completion.Task;
    }

    /// <summary>
    /// Takes periodic checkpoints every <see cref="CheckpointingOptions.Interval"/> on the job's clock until
    /// <paramref name="cancellationToken"/> is cancelled; returns at once when checkpoints are on demand only.
    /// A checkpoint due while <see cref="CheckpointingOptions.MaxConcurrent"/> are in progress is skipped;
    /// one due before <see cref="CheckpointingOptions.MinPause"/> has passed since the last completion is
    /// taken as soon as it has (not an interval later), and the interval counts from then.
    /// </summary>
    public async Task RunPeriodicAsync(CancellationToken cancellationToken)
    {
        if (_options.Interval <= TimeSpan.Zero)
        {
            return;
        }

        TimeSpan wait = _options.Interval;
        while (true)
        {
            try
            {
                await Task.Delay(wait, _clock, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            TimeSpan pause = TriggerPeriodic();
            wait = pause > TimeSpan.Zero ? pause : _options.Interval;
        }
    }

    /// <summary>The ids of the checkpoints in progress above <paramref name="id"/>, for a subtask that finishes before their barriers reached it.</summary>
    public long[] PendingAbove(long id)
    {
        lock (_lock)
        {
            return [.. _pending.Keys.Where(k => k > id)];
        }
    }

    /// <summary>
    /// Captures a subtask's state for checkpoint <paramref name="id"/>: on its slot thread at the barrier, or
    /// on any thread once it has finished. The copy of keyed state (or FASTER's native checkpoint) is
    /// synchronous; writing (or packaging) it is not.
    /// </summary>
    public void Capture(ChainTask task, long id)
    {
        PendingCheckpoint? pending;
        lock (_lock)
        {
            _pending.TryGetValue(id, out pending);
        }

        if (pending is null || !pending.TryBeginWrite())
        {
            // Aborted or subsumed: its sinks prepare nothing now and commit their output with a later checkpoint.
            return;
        }

        var captures = new List<StoreCapture>(task.Stores.Count);
        try
        {
            // FASTER stores checkpoint natively (blocking until FASTER's checkpoints are durable; incremental
            // ones are small), other stores copy their state; savepoints are canonical.
            foreach (KeyedStateStore store in task.Stores)
            {
                captures.Add(StoreCapture.Take(store, pending.IsSavepoint));
            }

            task.AddOperatorState(pending.Writer, id);
        }
        catch (Exception ex)
        {
            captures.ForEach(static c => c.ReleaseFiles());
            pending.EndWrite();
            Decline(pending, task, ex);
            return;
        }

        if (captures.Count == 0)
        {
            pending.EndWrite();
            Acknowledge(pending);
            return;
        }

        Track(_writer.Run(() => WriteAndAcknowledge(pending, task, captures)));
    }

    /// <summary>
    /// Ends the coordinator with its run: aborts the checkpoints still waiting for subtasks, lets one whose
    /// manifest is being written finish (with its commits), and waits for every state write it started, so
    /// that nothing of this run touches the storage, the stores or the sinks after it (the next attempt
    /// chooses its checkpoint only then).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        PendingCheckpoint[] abandoned;
        lock (_lock)
        {
            _disposed = true;
            abandoned = [.. _pending.Values.Where(static p => !p.Completing)];
            foreach (PendingCheckpoint checkpoint in abandoned)
            {
                _pending.Remove(checkpoint.Id);
            }
        }

        foreach (PendingCheckpoint checkpoint in abandoned)
        {
            checkpoint.Abort();
            checkpoint.Completion.TrySetException(new CheckpointException($"{Describe(checkpoint)} was abandoned: the run ended before it completed."));
        }

        while (true)
        {
            Task[] running;
            lock (_lock)
            {
                running = [.. _inFlight];
            }

            if (running.Length == 0)
            {
                _writer.Dispose();
                return;
            }

            // Their failures were handled where they happened (declined or aborted checkpoints). Go on on the
            // thread pool: the last of them ends on the writer thread, which is about to be joined.
            await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
        }
    }

    /// <summary>
    /// Triggers a periodic checkpoint unless as many as allowed are in progress (then skipped) or the pause
    /// since the last completion has not passed yet.
    /// </summary>
    /// <returns>The rest of the pause when that is what held the checkpoint back; otherwise zero.</returns>
    private TimeSpan TriggerPeriodic()
    {
        lock (_lock)
        {
            // A pause means one checkpoint at a time (as Flink's min-pause).
            int allowed = _options.MinPause > TimeSpan.Zero ? 1 : _options.MaxConcurrent;
            if (_disposed || _pending.Count >= allowed)
            {
                return TimeSpan.Zero;
            }

            // The pause runs from the last completion in this run: the first checkpoint is not held back.
            TimeSpan pause = _lastCompletedAt is { } last ? _options.MinPause - _clock.GetElapsedTime(last) : TimeSpan.Zero;
            if (pause > TimeSpan.Zero)
            {
                return pause;
            }
        }

        Task<CheckpointManifest> checkpoint;
        try
        {
            checkpoint = Trigger(savepointFolder: null);
        }
        catch (ObjectDisposedException)
        {
            // The run ended meanwhile.
            return TimeSpan.Zero;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CheckpointException)
        {
            // The checkpoint folder could not be created: a failed checkpoint like any other.
            long id;
            lock (_lock)
            {
                id = _nextId - 1;
            }

            CheckpointingLog.Aborted(_logger, _job, "checkpoint", id, $"it could not begin: {ex.Message}", ex);
            CountFailure($"Checkpoint {id} of job '{_job}' could not begin: {ex.Message}", ex);
            return TimeSpan.Zero;
        }

        // A failure is logged and counted where it happens; nobody awaits a periodic checkpoint.
        _ = checkpoint.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return TimeSpan.Zero;
    }

    private void Track(Task task)
    {
        lock (_lock)
        {
            _inFlight.Add(task);
        }

        _ = task.ContinueWith(
            t =>
            {
                lock (_lock)
                {
                    _inFlight.Remove(t);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void WriteAndAcknowledge(PendingCheckpoint pending, ChainTask task, List<StoreCapture> captures)
    {
        try
        {
            // FASTER only appends past the lengths its checkpoints list: the files are packaged while the slot goes on.
            foreach (StoreCapture capture in captures)
            {
                capture.WriteTo(pending.Writer);
            }
        }
        catch (Exception ex)
        {
            pending.EndWrite();
            Decline(pending, task, ex);
            return;
        }
        finally
        {
            captures.ForEach(static c => c.ReleaseFiles());
        }

        pending.EndWrite();
        Acknowledge(pending);
    }

    private void Acknowledge(PendingCheckpoint pending)
    {
        if (pending.Acknowledge())
        {
            Track(_writer.Run(() => Complete(pending)));
        }
    }

    private void Complete(PendingCheckpoint pending)
    {
        lock (_lock)
        {
            if (_disposed || !_pending.ContainsKey(pending.Id))
            {
                // Abandoned with its run, or subsumed: the last acknowledgement came too late.
                return;
            }

            pending.Completing = true;
        }

        CheckpointManifest manifest;
        try
        {
            manifest = pending.Writer.Complete();
        }
        catch (Exception ex)
        {
            Fail(pending, $"its manifest could not be written: {ex.Message}", ex);
            return;
        }

        PendingCheckpoint[] subsumed;
        Action<long>[] committers;
        lock (_lock)
        {
            _pending.Remove(pending.Id);
            pending.StopTimeout();
            // A checkpoint makes older checkpoints pointless; savepoints neither subsume nor are subsumed.
            subsumed = pending.IsSavepoint ? [] : [.. _pending.Values.Where(p => p.Id < pending.Id && !p.Completing && !p.IsSavepoint)];
            foreach (PendingCheckpoint old in subsumed)
            {
                _pending.Remove(old.Id);
            }

            _consecutiveFailures = 0;
            _lastCompletedAt = _clock.GetTimestamp();
            // A savepoint commits nothing: a recovery restores the latest checkpoint, which would replay output
            // committed after it. The next checkpoint commits what the sinks prepared for the savepoint, or a
            // job restored from the savepoint does (as Flink's savepoints since 1.15).
            committers = pending.IsSavepoint ? [] : [.. _committers];
        }

        foreach (PendingCheckpoint old in subsumed)
        {
            old.Abort();
            old.Completion.TrySetException(new CheckpointException($"{Describe(old)} was subsumed by checkpoint {pending.Id}, which completed first."));
        }

        double ms = Stopwatch.GetElapsedTime(pending.StartedAt).TotalMilliseconds;
        var files = manifest.Files().Select(static f => f.File).ToList();
        long stored = files.Sum(static f => f.StoredSize);
        // An incremental checkpoint's size is what it stored itself, as Flink's checkpointed data size.
        long ownStored = files.Where(static f => !IsShared(f)).Sum(static f => f.StoredSize);
        CheckpointMetrics.Completed.Add(1, _jobTag);
        CheckpointMetrics.Duration.Record(ms, _jobTag);
        CheckpointMetrics.Size.Record(ownStored, _jobTag);
        CheckpointingLog.Completed(_logger, _job, pending.IsSavepoint ? "savepoint" : "checkpoint", pending.Id, ms, files.Sum(static f => f.RawSize), stored,
            files.Count(IsShared), files.Count, pending.Writer.Folder);
        try
        {
            // Phase two of the sinks' commit; a failure here fails the job, and the restored sinks commit again.
            foreach (Action<long> commit in committers)
            {
                commit(pending.Id);
            }
        }
        catch (Exception ex)
        {
            _failJob(new CheckpointException($"Job '{_job}': a sink failed to commit the output of {Describe(pending)}: {ex.Message}. The job restarts from that checkpoint and commits again.", ex));
        }

        pending.Completion.TrySetResult(manifest);
    }

    private void Decline(PendingCheckpoint pending, ChainTask task, Exception error)
        => Fail(pending, $"{task.Description} declined it: {error.Message}", error);

    private void TimedOut(PendingCheckpoint pending)
        => Fail(pending, $"it did not complete within the timeout of {_options.Timeout.TotalSeconds:0.###} s (CheckpointingOptions.Timeout)", error: null, unlessCompleting: true);

    /// <summary>Aborts a checkpoint still in progress; with <paramref name="unlessCompleting"/>, not one whose manifest is being written.</summary>
    private void Fail(PendingCheckpoint pending, string reason, Exception? error, bool unlessCompleting = false)
    {
        lock (_lock)
        {
            // Completing is set under this lock, so the check and the removal see the same state.
            if ((unlessCompleting && pending.Completing) || !_pending.Remove(pending.Id))
            {
                return;
            }
        }

        pending.Abort();
        CheckpointingLog.Aborted(_logger, _job, pending.IsSavepoint ? "savepoint" : "checkpoint", pending.Id, reason, error);
        string message = $"{Describe(pending)} was aborted: {reason}.";
        CheckpointException exception = error is null ? new CheckpointException(message) : new CheckpointException(message, error);
        pending.Completion.TrySetException(exception);
        CountFailure(exception.Message, exception);
    }

    /// <summary>Counts a failed checkpoint; fails the job when more have failed in a row than it tolerates.</summary>
    private void CountFailure(string message, Exception error)
    {
        int failures;
        lock (_lock)
        {
            failures = ++_consecutiveFailures;
        }

        CheckpointMetrics.Failed.Add(1, _jobTag);
        if (failures > _options.TolerableFailures)
        {
            _failJob(new CheckpointException(
                $"Job '{_job}': {failures} checkpoints in a row failed, more than the {_options.TolerableFailures} tolerated (CheckpointingOptions.TolerableFailures). The last: {message}",
                error));
        }
    }

    /// <summary>Whether a manifest's file lives in an earlier checkpoint's folder (shared by an incremental checkpoint).</summary>
    private static bool IsShared(StateFileManifest file) => file.Path.StartsWith("../", StringComparison.Ordinal);

    private string Describe(PendingCheckpoint pending) => $"{(pending.IsSavepoint ? "Savepoint" : "Checkpoint")} {pending.Id} of job '{_job}'";
}
