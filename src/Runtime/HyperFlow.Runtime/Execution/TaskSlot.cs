namespace HyperFlow.Runtime.Execution;

/// <summary>
/// A task slot: one dedicated thread running a non-blocking loop over the chain tasks it hosts (slot
/// sharing: slot i hosts subtask i of every chain). It spins briefly and then yields when no task made
/// progress, and exits when every task has finished, the run is stopped, or a task throws.
/// </summary>
internal sealed class TaskSlot
{
    private readonly ChainTask[] _tasks;
    private readonly JobRun _run;
    private readonly Thread _thread;

    public TaskSlot(int index, ChainTask[] tasks, JobRun run)
    {
        _tasks = tasks;
        _run = run;
        _thread = new Thread(Loop) { IsBackground = true, Name = $"hyperflow-slot-{index}" };
    }

    public void Start() => _thread.Start();

    private void Loop()
    {
        ChainTask? current = null;
        try
        {
            var finished = new bool[_tasks.Length];
            int remaining = _tasks.Length;
            var idle = default(SpinWait);
            while (remaining > 0 && !_run.IsStopping)
            {
                bool progress = false;
                for (int i = 0; i < _tasks.Length; i++)
                {
                    if (finished[i])
                    {
                        continue;
                    }

                    current = _tasks[i];
                    switch (current.RunOnce())
                    {
                        case RunStatus.Progress:
                            progress = true;
                            break;
                        case RunStatus.Finished:
                            finished[i] = true;
                            remaining--;
                            progress = true;
                            break;
                    }
                }

                if (progress)
                {
                    idle.Reset();
                }
                else
                {
                    // Never Sleep(1): a slot must react within microseconds when input arrives.
                    idle.SpinOnce(sleep1Threshold: -1);
                }
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
}
