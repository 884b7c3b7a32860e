using HyperFlow.Runtime.Sequencing;

namespace HyperFlow.Runtime.Execution;

/// <summary>
/// The shared state of one run: the stop flag every slot polls, the first failure, and the completion
/// that fires once the last slot thread has exited (so no thread outlives the run).
/// </summary>
internal sealed class JobRun
{
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IReadOnlyList<WakeSignal>? _signals;
    private int _running;
    private volatile bool _stopping;
    private volatile bool _interrupted;
    private Exception? _failure;

    // One slot per subtask index: the number of slot threads is the parallelism.
    public JobRun(string jobName, int parallelism, IReadOnlyList<WakeSignal>? signals)
    {
        JobName = jobName;
        _running = parallelism;
        Parallelism = parallelism;
        _signals = signals;
    }

    public string JobName { get; }

    public int Parallelism { get; }

    public bool IsStopping => _stopping;

    /// <summary>Whether some slot left its loop before its tasks had finished (the run was stopped).</summary>
    public bool WasInterrupted => _interrupted;

    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Completes when every slot thread has exited.</summary>
    public Task Exited => _exited.Task;

    public void Stop()
    {
        _stopping = true;
        // Wake sleeping slots so they see the flag now, not at their next timeout.
        Wake();
    }

    public void Interrupted() => _interrupted = true;

    /// <summary>Sets the slots' wake signals once the plan that owns them exists.</summary>
    public void UseSignals(IReadOnlyList<WakeSignal>? signals) => _signals = signals;

    /// <summary>Wakes sleeping slots (a source slot must see a checkpoint barrier request now).</summary>
    public void Wake()
    {
        if (_signals is not null)
        {
            foreach (WakeSignal signal in _signals)
            {
                signal.Notify();
            }
        }
    }

    public void Fail(Exception error)
    {
        Interlocked.CompareExchange(ref _failure, error, null);
        Stop();
    }

    public void SlotExited()
    {
        if (Interlocked.Decrement(ref _running) == 0)
        {
            _exited.SetResult();
        }
    }
}
