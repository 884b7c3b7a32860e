using System.Diagnostics;
using HyperFlow.Runtime.Checkpoints;
using HyperFlow.Runtime.Execution;
using HyperFlow.Storage.Checkpointing;
using HyperFlow.Storage.State;
using Microsoft.Extensions.Logging;

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
    private CheckpointCoordinator? _coordinator;
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
    /// then completes (cancelled) only after all slot threads have exited. With
    /// <see cref="JobOptions.Checkpointing"/> the run starts from the latest completed checkpoint (or
    /// <see cref="CheckpointingOptions.RestoreFrom"/>), takes checkpoints as it goes and a final one at the
    /// end of the input, and after a failure restarts from the latest checkpoint as
    /// <see cref="JobOptions.RestartStrategy"/> allows.
    /// </summary>
    /// <param name="cancellationToken">Stops the job.</param>
    /// <returns>The run's result.</returns>
    /// <exception cref="InvalidOperationException">When a source or sink is unbound, or the host already ran.</exception>
    /// <exception cref="OperatorException">When an operator, source or sink threw and the restart strategy gave up.</exception>
    /// <exception cref="Storage.Checkpointing.CheckpointException">When the checkpoint to restore does not fit the job (an unknown operator, other key groups), or checkpoints kept failing.</exception>
    /// <exception cref="OperationCanceledException">When cancelled before the end of input.</exception>
    public async Task<JobResult> RunAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException($"This host already ran job '{_job.Name}'. Create a new JobHost for each run.");
        }

        RequireBound(_sources, _job.SourceNames, "source", "BindSource");
        RequireBound(_sinks, _job.SinkNames, "sink", "BindSink");
        ILogger logger = _options.Logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        CheckpointingOptions? checkpointing = _options.Checkpointing;
        using CheckpointStorage? storage = checkpointing is null
            ? null
            : CheckpointStorage.Open(new CheckpointStorageOptions(checkpointing.Directory, _job.Name)
            {
                RetainedCheckpoints = checkpointing.Retained,
                Logger = _options.Logger,
                Clock = _options.TimeProvider,
            });
        RestartStrategy strategy = _options.EffectiveRestartStrategy;
        RestartBackoff backoff = strategy.Start(_options.TimeProvider);
        for (int attempt = 1; ; attempt++)
        {
            Attempt run = Prepare(storage, logger);
            try
            {
                JobResult result = await run.ExecuteAsync(this, cancellationToken).ConfigureAwait(false);
                return result with { Restarts = attempt - 1 };
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                TimeSpan? delay = backoff.OnFailure();
                if (delay is not { } wait)
                {
                    EngineLog.JobFailed(logger, _job.Name, ex);
                    if (attempt > 1 || strategy != RestartStrategy.None)
                    {
                        CheckpointingLog.GaveUp(logger, _job.Name, backoff.GiveUpReason, ex);
                    }

                    throw;
                }

                CheckpointingLog.Restarting(logger, _job.Name, attempt, wait.TotalMilliseconds, strategy.ToString(), ex);
                CheckpointMetrics.Restarts.Add(1, new KeyValuePair<string, object?>("job", _job.Name));
                await Task.Delay(wait, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Takes a checkpoint of the running job now, besides the periodic ones.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the checkpoint goes on).</param>
    /// <returns>The completed checkpoint's manifest.</returns>
    /// <exception cref="InvalidOperationException">When the job is not running, or runs without <see cref="JobOptions.Checkpointing"/>.</exception>
    /// <exception cref="Storage.Checkpointing.CheckpointException">When the checkpoint was aborted (the message says why).</exception>
    public Task<CheckpointManifest> TriggerCheckpointAsync(CancellationToken cancellationToken = default)
        => RunningCoordinator("a checkpoint").Trigger(savepointFolder: null).WaitAsync(cancellationToken);

    /// <summary>
    /// Takes a savepoint of the running job into <paramref name="folder"/>: self-contained, in the canonical
    /// format keyed by operator uid and key group, restorable with another parallelism and another state
    /// backend (<see cref="CheckpointingOptions.RestoreFrom"/>). The job goes on running.
    /// </summary>
    /// <param name="folder">A folder that does not exist yet or is empty.</param>
    /// <param name="cancellationToken">Stops waiting (the savepoint goes on).</param>
    /// <returns>The savepoint's manifest.</returns>
    /// <exception cref="InvalidOperationException">When the job is not running, or runs without <see cref="JobOptions.Checkpointing"/>.</exception>
    /// <exception cref="Storage.Checkpointing.CheckpointException">When the savepoint was aborted, or the folder is not empty.</exception>
    public Task<CheckpointManifest> TriggerSavepointAsync(string folder, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        return RunningCoordinator("a savepoint").Trigger(folder).WaitAsync(cancellationToken);
    }

    private CheckpointCoordinator RunningCoordinator(string what)
    {
        if (_options.Checkpointing is null)
        {
            throw new InvalidOperationException($"Job '{_job.Name}' runs without checkpoints, so it cannot take {what}: set JobOptions.Checkpointing.");
        }

        return Volatile.Read(ref _coordinator)
            ?? throw new InvalidOperationException($"Job '{_job.Name}' is not running (it has not started, is restarting, or has ended), so it cannot take {what} now. Call RunAsync first, and trigger while it runs.");
    }

    /// <summary>Builds one attempt: opens the checkpoint to restore, creates the plan and every subtask. Errors here are not restarted.</summary>
    private Attempt Prepare(CheckpointStorage? storage, ILogger logger)
    {
        CheckpointingOptions? checkpointing = _options.Checkpointing;
        CheckpointReader? restore = null;
        if (storage is not null && checkpointing is not null)
        {
            var restoreOptions = new CheckpointRestoreOptions(ExecutionPlan.StateUids(_job.Graph))
            {
                AllowUnknownOperators = checkpointing.AllowUnknownOperators,
                Logger = _options.Logger,
            };
            restore = storage.OpenLatest(restoreOptions)
                ?? (checkpointing.RestoreFrom is { } folder ? CheckpointReader.Open(folder, restoreOptions) : null);
            if (restore is null)
            {
                CheckpointingLog.FreshStart(logger, _job.Name, storage.Directory);
            }
            else
            {
                CheckpointingLog.Restoring(logger, _job.Name, restore.Manifest.Kind == CheckpointKind.Savepoint ? "savepoint" : "checkpoint", restore.Manifest.CheckpointId, restore.Folder);
            }
        }

        int parallelism = _options.EffectiveParallelism;
        var run = new JobRun(_job.Name, parallelism, signals: null);
        ExecutionPlan? plan = null;
        // Checkpoint writes go to a CPU no slot is pinned to, when there is one (slots take the first CPUs).
        IReadOnlyList<int> cpus = _options.EffectiveCpus;
        int? writerCpu = (_options.PinThreads ?? parallelism <= cpus.Count) && parallelism < cpus.Count ? cpus[parallelism] : null;
        CheckpointCoordinator? coordinator = storage is null
            ? null
            : new CheckpointCoordinator(_job.Name, checkpointing!, storage, _options.StateBackend.Name, logger, _options.TimeProvider,
                run.Fail, () => run.Wake(), writerCpu);
        try
        {
            plan = new ExecutionPlan(_job.Graph, _options, _sources, _sinks, coordinator, restore);
            run.UseSignals(plan.SlotSignals);
            var tasksBySlot = new ChainTask[parallelism][];
            var tasks = new List<ChainTask>();
            for (int subtask = 0; subtask < parallelism; subtask++)
            {
                tasks.Clear();
                _job.AddSubtasks(plan, subtask, tasks);
                tasksBySlot[subtask] = [.. tasks];
            }

            coordinator?.Attach([.. tasksBySlot.SelectMany(static t => t)]);
            return new Attempt(plan, run, coordinator, tasksBySlot);
        }
        catch
        {
            // The coordinator has started no checkpoint yet (its thread ends at once); the stores, readers and
            // writers made so far are released.
            coordinator?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            plan?.DisposeResources();
            throw;
        }
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

    /// <summary>One run of the job's subtasks, from its restored state to the end of the input or a failure.</summary>
    private sealed class Attempt(ExecutionPlan plan, JobRun run, CheckpointCoordinator? coordinator, ChainTask[][] tasksBySlot)
    {
        public async Task<JobResult> ExecuteAsync(JobHost host, CancellationToken cancellationToken)
        {
            string job = host._job.Name;
            int parallelism = plan.Parallelism;
            // Stores, readers and writers are released however the attempt ends; the coordinator abandons what is still in progress.
            using var resources = new ResourceDisposal(plan);
            await using CheckpointCoordinator? checkpoints = coordinator;
            using var periodic = new CancellationTokenSource();
            EngineLog.JobStarting(plan.Logger, job, parallelism, host._options.WaitStrategy, plan.PinThreads);
            var stopwatch = Stopwatch.StartNew();
            long lastCheckpoint = 0;
            using (EngineMetrics.Register(job, tasksBySlot.SelectMany(static t => t), plan.Stores))
            using (cancellationToken.Register(static r => ((JobRun)r!).Stop(), run))
            {
                StartSlots(job, parallelism);
                Volatile.Write(ref host._coordinator, checkpoints);
                Task checkpointing = checkpoints?.RunPeriodicAsync(periodic.Token) ?? Task.CompletedTask;
                try
                {
                    await run.Exited.ConfigureAwait(false);
                }
                finally
                {
                    await periodic.CancelAsync().ConfigureAwait(false);
                    await checkpointing.ConfigureAwait(false);
                }

                try
                {
                    if (run.Failure is null && !run.WasInterrupted && checkpoints is not null)
                    {
                        // Every subtask has finished: the final checkpoint commits what the sinks wrote since the last one.
                        lastCheckpoint = (await checkpoints.Trigger(savepointFolder: null).ConfigureAwait(false)).CheckpointId;
                    }
                }
                finally
                {
                    Volatile.Write(ref host._coordinator, null);
                }
            }

            stopwatch.Stop();
            if (run.Failure is { } failure)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            if (run.WasInterrupted)
            {
                // Stopped before the end of input; a cancellation that came after every slot had finished
                // does not discard a complete result.
                EngineLog.JobCancelled(plan.Logger, job);
                throw new OperationCanceledException($"Job '{job}' was cancelled before the end of its input.", cancellationToken);
            }

            JobResult result = host.Summarise(tasksBySlot, parallelism, stopwatch.Elapsed) with { LastCheckpointId = lastCheckpoint };
            EngineLog.JobFinished(plan.Logger, job, result.RecordsRead, stopwatch.Elapsed.TotalMilliseconds);
            return result;
        }

        private void StartSlots(string job, int parallelism)
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
                    run.Fail(new InvalidOperationException($"Job '{job}' could not start task slot {slot} of {parallelism}: {ex.Message}", ex));
                    for (int missing = slot; missing < parallelism; missing++)
                    {
                        run.SlotExited();
                    }

                    break;
                }
            }
        }
    }

    private sealed class ResourceDisposal(ExecutionPlan plan) : IDisposable
    {
        public void Dispose() => plan.DisposeResources();
    }
}
