using System.Diagnostics;
using HyperFlow.Runtime.Sequencing;
using HyperFlow.Runtime.Threading;

namespace HyperFlow.Runtime.Execution;

/// <summary>
/// A task slot: one dedicated thread, optionally pinned to a CPU, running a non-blocking loop over the
/// chain tasks it hosts (slot sharing: slot i hosts subtask i of every chain). Each turn it first runs
/// the processing-time callbacks that are due (reading the clock only when some task has one pending),
/// then every task once. When no task made progress it waits per the job's <see cref="WaitStrategy"/>,
/// never past the next processing-time callback. Every loop iteration's wall time is
/// charged to each task as busy, idle or backpressured, and turned into per-second rates once a second.
/// It exits when every task has finished, the run is stopped, or a task throws.
/// </summary>
internal sealed class TaskSlot
{
    private const int SpinRounds = 64;
    private const int YieldRounds = 128;
    private static readonly TimeSpan s_sourcePollInterval = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan s_longestSleep = TimeSpan.FromMilliseconds(50);

    private readonly int _index;
    private readonly ChainTask[] _tasks;
    private readonly JobRun _run;
    private readonly ExecutionPlan _plan;
    private readonly WakeSignal? _signal;
    private readonly bool _hostsSource;
    private readonly Thread _thread;
    private long _msUntilDue = long.MaxValue;

    public TaskSlot(int index, ChainTask[] tasks, JobRun run, ExecutionPlan plan)
    {
        _index = index;
        _tasks = tasks;
        _run = run;
        _plan = plan;
        _signal = plan.SlotSignals?[index];
        _hostsSource = tasks.Any(static t => t.ReadsSource);
        _thread = new Thread(Loop) { IsBackground = true, Name = $"hyperflow-slot-{index}" };
    }

    public void Start() => _thread.Start();

    private void Loop()
    {
        ChainTask? current = null;
        try
        {
            Pin();
            var statuses = new RunStatus[_tasks.Length];
            var finished = new bool[_tasks.Length];
            int remaining = _tasks.Length;
            int idleRounds = 0;
            long iterationStart = Stopwatch.GetTimestamp();
            long rateStart = iterationStart;
            while (remaining > 0 && !_run.IsStopping)
            {
                bool progress = FireProcessingTime(finished, ref current);
                for (int i = 0; i < _tasks.Length; i++)
                {
                    if (finished[i])
                    {
                        continue;
                    }

                    current = _tasks[i];
                    RunStatus status = current.RunOnce();
                    statuses[i] = status;
                    if (status == RunStatus.Finished)
                    {
                        finished[i] = true;
                        remaining--;
                        progress = true;
                    }
                    else if (status == RunStatus.Progress)
                    {
                        progress = true;
                    }
                }

                if (progress)
                {
                    idleRounds = 0;
                }
                else
                {
                    Idle(++idleRounds);
                }

                long now = Stopwatch.GetTimestamp();
                for (int i = 0; i < _tasks.Length; i++)
                {
                    // A finished task no longer runs: its time is not busy, idle or backpressured.
                    if (statuses[i] != RunStatus.Finished)
                    {
                        _tasks[i].Account(statuses[i], now - iterationStart);
                    }
                }

                iterationStart = now;
                if (now - rateStart >= Stopwatch.Frequency)
                {
                    PublishRates(now - rateStart);
                    rateStart = now;
                }
            }

            PublishRates(Math.Max(1, Stopwatch.GetTimestamp() - rateStart));
            if (remaining > 0)
            {
                _run.Interrupted();
            }
        }
        catch (Exception ex)
        {
            _run.Fail(ex is OperatorException || current is null ? ex : new OperatorException(
                _run.JobName, current.Chain.Operators[0], current.Subtask, _run.Parallelism, ex));
        }
        finally
        {
            _run.SlotExited();
        }
    }

    /// <summary>Runs <see cref="ChainTask.OnProcessingTime"/> of every task whose processing-time callback is due.</summary>
    /// <returns>Whether any ran.</returns>
    private bool FireProcessingTime(bool[] finished, ref ChainTask? current)
    {
        long due = long.MaxValue;
        for (int i = 0; i < _tasks.Length; i++)
        {
            if (!finished[i])
            {
                due = Math.Min(due, _tasks[i].ProcessingTimeDue);
            }
        }

        _msUntilDue = long.MaxValue;
        if (due == long.MaxValue)
        {
            return false;
        }

        long now = _plan.ProcessingTime();
        if (due > now)
        {
            _msUntilDue = due - now;
            return false;
        }

        bool fired = false;
        for (int i = 0; i < _tasks.Length; i++)
        {
            if (!finished[i] && _tasks[i].ProcessingTimeDue <= now)
            {
                current = _tasks[i];
                fired |= current.FireProcessingTime(now);
            }
        }

        // Fired, or due but without room downstream: look again next turn.
        _msUntilDue = 0;
        return fired;
    }

    private void Pin()
    {
        if (!_plan.PinThreads)
        {
            return;
        }

        IReadOnlyList<int> cpus = _plan.Cpus;
        int cpu = cpus[_index % cpus.Count];
        if (CpuAffinity.TryPinCurrentThread(cpu, out string? error))
        {
            EngineLog.SlotPinned(_plan.Logger, _run.JobName, _index, cpu);
        }
        else
        {
            EngineLog.PinFailed(_plan.Logger, _run.JobName, _index, cpu, error ?? "unknown error");
        }
    }

    private void Idle(int rounds)
    {
        WaitStrategy strategy = _plan.Options.WaitStrategy;
        if (rounds < SpinRounds || strategy == WaitStrategy.BusySpin)
        {
            Thread.SpinWait(8);
        }
        else if (rounds < YieldRounds || strategy == WaitStrategy.Yielding)
        {
            Thread.Yield();
        }
        else
        {
            Sleep();
        }
    }

    private void Sleep()
    {
        WakeSignal signal = _signal!;
        signal.PrepareToSleep();
        // After announcing, look once more: a publish before the announcement is seen here, one after it wakes us.
        if (_run.IsStopping || _tasks.Any(static t => t.HasPendingInput()))
        {
            signal.CancelSleep();
            // Input waits but nothing ran: the slot is backpressured. Consumers do not signal freed room,
            // so give the CPU to whoever (perhaps that consumer) can use it instead of spinning on it.
            Thread.Yield();
            return;
        }

        // Sources cannot wake a slot, so a slot that reads one polls it every millisecond; nor can the
        // clock, so no slot sleeps past its next processing-time callback.
        TimeSpan timeout = _hostsSource ? s_sourcePollInterval : s_longestSleep;
        if (_msUntilDue < (long)timeout.TotalMilliseconds)
        {
            timeout = TimeSpan.FromMilliseconds(Math.Max(1, _msUntilDue));
        }

        signal.Sleep(timeout);
    }

    private void PublishRates(long elapsedTicks)
    {
        double msPerTick = 1000.0 / Stopwatch.Frequency;
        double elapsedMs = elapsedTicks * msPerTick;
        foreach (ChainTask task in _tasks)
        {
            task.PublishRates(elapsedMs, msPerTick);
        }
    }
}
