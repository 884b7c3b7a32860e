using System.Diagnostics;
using HyperFlow.Runtime.Execution;
using HyperFlow.Storage.State;

namespace HyperFlow;

/// <summary>
/// Runs a compiled job in this process: binds its sources and sinks by name, starts one task slot
/// (a dedicated thread) per subtask, and completes when every event has reached the sinks.
/// </summary>
/// <example>
/// <code>
/// JobResult result = await new JobHost(LargeTrades.Definition, new JobOptions { Parallelism = 2 })
///     .BindSource("trades", new TradeGenerator(eventCount: 10_000_000))
///     .BindSink("totals", totalsSink)
///     .RunAsync(cancellationToken);
/// </code>
/// </example>
public sealed class JobHost
{
    private readonly JobDefinition _job;
    private readonly JobOptions _options;
    private readonly Dictionary<string, object> _sources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object> _sinks = new(StringComparer.Ordinal);
    private int _started;

    /// <summary>Creates a host for one run of a job.</summary>
    /// <param name="job">The compiled job (the generated <c>Definition</c> property of a <see cref="JobAttribute"/> class).</param>
    /// <param name="options">How to run it; defaults when <c>null</c>.</param>
    public JobHost(JobDefinition job, JobOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        _job = job;
        _options = options ?? new JobOptions();
        _options.Validate();
    }

    /// <summary>Binds the source a pipeline declares with <see cref="IPipelineBuilder.From{T}(string)"/>.</summary>
    /// <typeparam name="T">The event type.</typeparam>
    /// <param name="name">The source's name in the pipeline declaration.</param>
    /// <param name="source">The source.</param>
    /// <returns>This host.</returns>
    /// <exception cref="ArgumentException">When the job declares no source of that name.</exception>
    public JobHost BindSource<T>(string name, ISource<T> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Bind(_sources, _job.SourceNames, "source", name, source);
        return this;
    }

    /// <summary>Binds the sink a pipeline declares with <see cref="IStream{T}.To(string)"/>.</summary>
    /// <typeparam name="T">The event type.</typeparam>
    /// <param name="name">The sink's name in the pipeline declaration.</param>
    /// <param name="sink">The sink.</param>
    /// <returns>This host.</returns>
    /// <exception cref="ArgumentException">When the job declares no sink of that name.</exception>
    public JobHost BindSink<T>(string name, ISink<T> sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        Bind(_sinks, _job.SinkNames, "sink", name, sink);
        return this;
    }

    /// <summary>
    /// Runs the job to the end of its input. Cancelling stops every slot promptly; the returned task
    /// then completes (cancelled) only after all slot threads have exited.
    /// </summary>
    /// <param name="cancellationToken">Stops the job.</param>
    /// <returns>The run's result.</returns>
    /// <exception cref="InvalidOperationException">When a source or sink is unbound, or the host already ran.</exception>
    /// <exception cref="OperatorException">When an operator, source or sink threw.</exception>
    /// <exception cref="OperationCanceledException">When cancelled before the end of input.</exception>
    public async Task<JobResult> RunAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException($"This host already ran job '{_job.Name}'. Create a new JobHost for each run.");
        }

        RequireBound(_sources, _job.SourceNames, "source", "BindSource");
        RequireBound(_sinks, _job.SinkNames, "sink", "BindSink");

        var plan = new ExecutionPlan(_job.Graph, _options, _sources, _sinks);
        // Stores are created while the subtasks are set up; they are released however the run ends.
        using var stores = new StoreDisposal(plan.Stores);
        int parallelism = plan.Parallelism;
        var tasksBySlot = new ChainTask[parallelism][];
        var tasks = new List<ChainTask>();
        for (int subtask = 0; subtask < parallelism; subtask++)
        {
            tasks.Clear();
            _job.AddSubtasks(plan, subtask, tasks);
            tasksBySlot[subtask] = [.. tasks];
        }

        var run = new JobRun(_job.Name, parallelism, plan.SlotSignals);
        EngineLog.JobStarting(plan.Logger, _job.Name, parallelism, _options.WaitStrategy, plan.PinThreads);
        var stopwatch = Stopwatch.StartNew();
        using (EngineMetrics.Register(_job.Name, tasksBySlot.SelectMany(static t => t), plan.Stores))
        using (cancellationToken.Register(static r => ((JobRun)r!).Stop(), run))
        {
            for (int slot = 0; slot < parallelism; slot++)
            {
                try
                {
                    new TaskSlot(slot, tasksBySlot[slot], run, plan).Start();
                }
                catch (OutOfMemoryException ex)
                {
                    // No thread for this slot: stop the ones already running and count the missing
                    // ones as exited, so the run still completes (with this failure) instead of hanging.
                    run.Fail(new InvalidOperationException($"Job '{_job.Name}' could not start task slot {slot} of {parallelism}: {ex.Message}", ex));
                    for (int missing = slot; missing < parallelism; missing++)
                    {
                        run.SlotExited();
                    }

                    break;
                }
            }

            await run.Exited.ConfigureAwait(false);
        }

        stopwatch.Stop();
        if (run.Failure is { } failure)
        {
            EngineLog.JobFailed(plan.Logger, _job.Name, failure);
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        if (run.WasInterrupted)
        {
            // Stopped before the end of input; a cancellation that came after every slot had finished
            // does not discard a complete result.
            EngineLog.JobCancelled(plan.Logger, _job.Name);
            throw new OperationCanceledException($"Job '{_job.Name}' was cancelled before the end of its input.", cancellationToken);
        }
        JobResult result = Summarise(tasksBySlot, parallelism, stopwatch.Elapsed);
        EngineLog.JobFinished(plan.Logger, _job.Name, result.RecordsRead, stopwatch.Elapsed.TotalMilliseconds);
        return result;
    }

    private JobResult Summarise(ChainTask[][] tasksBySlot, int parallelism, TimeSpan elapsed)
    {
        var stats = new List<SubtaskStats>();
        long read = 0;
        long written = 0;
        foreach (ChainTask[] slotTasks in tasksBySlot)
        {
            foreach (ChainTask task in slotTasks)
            {
                stats.Add(new SubtaskStats(task.Chain.Name, task.Subtask, task.RecordsIn, task.RecordsOut, task.BusyTime, task.IdleTime, task.BackpressuredTime));
                if (task.Chain.Operators[0].Kind == Graph.OperatorKind.Source)
                {
                    read += task.RecordsIn;
                }

                // Only what reached sinks: side outputs feed other chains.
                written += task.RecordsWritten;
            }
        }

        return new JobResult(_job.Name, parallelism, elapsed, read, written, stats);
    }

    private void Bind(Dictionary<string, object> bindings, IEnumerable<string> declared, string kind, string name, object value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!declared.Contains(name, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"Job '{_job.Name}' declares no {kind} named '{name}'. Its {kind}s are: {string.Join(", ", declared.Select(static n => $"'{n}'"))}.",
                nameof(name));
        }

        bindings[name] = value;
    }

    private void RequireBound(Dictionary<string, object> bindings, IEnumerable<string> declared, string kind, string method)
    {
        string[] missing = [.. declared.Where(n => !bindings.ContainsKey(n))];
        if (missing.Length > 0)
        {
            throw new InvalidOperationException(
                $"Job '{_job.Name}' cannot start: no {kind} is bound to {string.Join(", ", missing.Select(static n => $"'{n}'"))}. Call {method}(name, ...) for each before RunAsync.");
        }
    }

    private sealed class StoreDisposal(IReadOnlyList<KeyedStateStore> stores) : IDisposable
    {
        public void Dispose()
        {
            foreach (KeyedStateStore store in stores)
            {
                store.Dispose();
            }
        }
    }
}
