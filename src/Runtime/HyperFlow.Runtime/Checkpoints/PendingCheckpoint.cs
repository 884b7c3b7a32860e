using HyperFlow.Storage.Checkpointing;

namespace HyperFlow.Runtime.Checkpoints;

/// <summary>
/// A checkpoint in progress: its writer, the subtasks still to acknowledge, the state writes still
/// running, and the completion its trigger awaits. The writer is disposed (its files deleted) only once
/// no write is running any more, so an abort never pulls files out from under a write.
/// </summary>
internal sealed class PendingCheckpoint(long id, CheckpointWriter writer, int participants, long startedAt, bool isSavepoint)
{
    private readonly Lock _lock = new();
    private int _remaining = participants;
    private int _writesInFlight;
    private bool _aborted;
    private ITimer? _timeoutTimer;

    public long Id { get; } = id;

    public CheckpointWriter Writer { get; } = writer;

    public bool IsSavepoint { get; } = isSavepoint;

    /// <summary>Stopwatch timestamp of the trigger.</summary>
    public long StartedAt { get; } = startedAt;

    /// <summary>Whether every subtask acknowledged and the manifest is being written (set under the coordinator's lock).</summary>
    public bool Completing { get; set; }

    public TaskCompletionSource<CheckpointManifest> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Registers a write about to start; <c>false</c> when the checkpoint was aborted (skip the write).</summary>
    public bool TryBeginWrite()
    {
        lock (_lock)
        {
            if (_aborted)
            {
                return false;
            }

            _writesInFlight++;
            return true;
        }
    }

    /// <summary>Ends a write; disposes the writer when the checkpoint was aborted meanwhile and this was the last write.</summary>
    public void EndWrite()
    {
        bool dispose;
        lock (_lock)
        {
            dispose = --_writesInFlight == 0 && _aborted;
        }

        if (dispose)
        {
            Writer.Dispose();
        }
    }

    /// <summary>Counts one subtask's acknowledgement.</summary>
    /// <returns><c>true</c> for the last one, when the checkpoint can complete.</returns>
    public bool Acknowledge() => Interlocked.Decrement(ref _remaining) == 0;

    /// <summary>Marks the checkpoint aborted and disposes its writer unless a write is running (the last one disposes it).</summary>
    /// <returns><c>false</c> when it was aborted already.</returns>
    public bool Abort()
    {
        StopTimeout();
        bool dispose;
        lock (_lock)
        {
            if (_aborted)
            {
                return false;
            }

            _aborted = true;
            dispose = _writesInFlight == 0;
        }

        if (dispose)
        {
            Writer.Dispose();
        }

        return true;
    }

    /// <summary>Keeps the timer that aborts the checkpoint when it runs past its timeout, to stop it when it completes or aborts.</summary>
    public void WatchTimeout(ITimer timer) => _timeoutTimer = timer;

    /// <summary>Stops the timeout timer (the checkpoint completed or was aborted).</summary>
    public void StopTimeout() => Interlocked.Exchange(ref _timeoutTimer, null)?.Dispose();
}
