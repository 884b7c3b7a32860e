using System.Diagnostics;
using HyperFlow.Graph;
using HyperFlow.Runtime.Checkpoints;
using HyperFlow.Runtime.Sequencing;
using HyperFlow.Storage.Checkpointing;
using HyperFlow.Storage.State;

namespace HyperFlow.Runtime.Execution;

/// <summary>
/// One subtask of a fused chain, run by a task slot. The source generator derives one class per chain
/// from <see cref="SourceChainTask{TIn}"/> or <see cref="ExchangeInputChainTask{TIn}"/>; this base
/// holds what every chain shares: its outputs, counters, time accounting and the mapping of failures
/// to operators.
/// </summary>
public abstract class ChainTask
{
    // Room for the most control events one input event can cause: an input back from idleness, a
    // watermark advance and a completed barrier alignment (or end of input). More wait (EmitControl).
    private const int ControlBurst = 3;

    private readonly ExecutionPlan _plan;
    private readonly List<KeyedStateStore> _stores = [];
    private readonly Lock _checkpointLock = new();
    private ChainOutput[] _outputs = [];
    private long _capturedCheckpoint;
    private bool _done;
    private long _busyTicks;
    private long _idleTicks;
    private long _backpressuredTicks;
    private long _busyTotal;
    private long _idleTotal;
    private long _backpressuredTotal;

    /// <summary>Initialises the task.</summary>
    /// <param name="plan">The job's execution plan.</param>
    /// <param name="chainId">The chain's index in the job graph.</param>
    /// <param name="subtask">The subtask index.</param>
    protected ChainTask(ExecutionPlan plan, int chainId, int subtask)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _plan = plan;
        Chain = plan.Graph.Chains[chainId];
        Subtask = subtask;
        // The keyed stores the derived constructor creates belong to this task (see ExecutionPlan.CreateKeyedStore).
        plan.BeginTask(this);
    }

    /// <summary>The chain this task runs.</summary>
    public ChainDescriptor Chain { get; }

    /// <summary>The subtask index.</summary>
    public int Subtask { get; }

    /// <summary>The number of records read from the chain's input.</summary>
    public long RecordsIn { get; private protected set; }

    /// <summary>The number of records the chain emitted, over all its outputs.</summary>
    public long RecordsOut
    {
        get
        {
            long sum = 0;
            foreach (ChainOutput output in _outputs)
            {
                sum += output.Emitted;
            }

            return sum;
        }
    }

    /// <summary>The number of records the chain wrote into sinks (its other outputs feed chains).</summary>
    internal long RecordsWritten
    {
        get
        {
            long sum = 0;
            foreach (ChainOutput output in _outputs)
            {
                sum += output.IsSink ? output.Emitted : 0;
            }

            return sum;
        }
    }

    /// <summary>Milliseconds per second spent processing, over the last full second (as Flink's busyTimeMsPerSecond).</summary>
    public double BusyMsPerSecond { get; private set; }

    /// <summary>Milliseconds per second with nothing to read.</summary>
    public double IdleMsPerSecond { get; private set; }

    /// <summary>Milliseconds per second with input waiting but no room downstream (backpressure).</summary>
    public double BackpressuredMsPerSecond { get; private set; }

    /// <summary>Total time spent processing since the task started.</summary>
    public TimeSpan BusyTime => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _busyTotal));

    /// <summary>Total time with nothing to read since the task started.</summary>
    public TimeSpan IdleTime => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _idleTotal));

    /// <summary>Total time backpressured (input waiting, no room downstream) since the task started.</summary>
    public TimeSpan BackpressuredTime => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _backpressuredTotal));

    /// <summary>The fill of the fullest input ring, 0 to 1; 0 for a chain that reads a source.</summary>
    public virtual double InputFill => 0;

    /// <summary>The largest batch the chain reads at once.</summary>
    protected int BatchSize => _plan.Options.BatchSize;

    /// <summary>The job's name.</summary>
    protected string JobName => _plan.Graph.JobName;

    /// <summary>The number of subtasks per chain.</summary>
    protected int Parallelism => _plan.Parallelism;

    /// <summary>Whether this task reads a source, which cannot wake a sleeping slot.</summary>
    internal virtual bool ReadsSource => false;

    /// <summary>Registers an output, so that the task checks its room before reading and flushes it after.</summary>
    /// <typeparam name="TOutput">The output's type.</typeparam>
    /// <param name="output">The output.</param>
    /// <returns>The same output, for assignment to a field.</returns>
    protected TOutput AddOutput<TOutput>(TOutput output)
        where TOutput : ChainOutput
    {
        ArgumentNullException.ThrowIfNull(output);
        _outputs = [.. _outputs, output];
        return output;
    }

    /// <summary>
    /// Builds the exception for an operator of this chain that threw, naming the operator, subtask and job.
    /// Generated code calls it from the chain's catch block.
    /// </summary>
    /// <param name="operatorIndex">The index of the operator in <see cref="ChainDescriptor.Operators"/>.</param>
    /// <param name="error">What the operator threw.</param>
    /// <returns>The exception to throw.</returns>
    protected OperatorException OperatorFailed(int operatorIndex, Exception error)
        => new(JobName, Chain.Operators[operatorIndex], Subtask, Parallelism, error);

    /// <summary>
    /// The processing time (Unix milliseconds, <see cref="JobOptions.TimeProvider"/>) at which
    /// <see cref="OnProcessingTime"/> is next due; <see cref="long.MaxValue"/> when nothing is. The task
    /// slot reads it after every turn of its loop, so it must be cheap (a field, or a timer queue's head).
    /// </summary>
    protected virtual long NextProcessingTime => long.MaxValue;

    /// <summary>
    /// <see cref="NextProcessingTime"/>, for the task slot. The override itself is only protected: an
    /// assembly that sees the engine's internals would otherwise have to override it as protected
    /// internal, and generated code could not be the same everywhere.
    /// </summary>
    internal long ProcessingTimeDue => NextProcessingTime;

    /// <summary>
    /// Called by the task slot, between batches, once processing time has reached
    /// <see cref="NextProcessingTime"/>: fire processing-time timers here (they may emit records with
    /// the outputs' checked methods, and must move <see cref="NextProcessingTime"/> on).
    /// </summary>
    /// <param name="time">The current processing time (Unix milliseconds).</param>
    protected virtual void OnProcessingTime(long time)
    {
    }

    /// <summary>
    /// The number of elements the chain's window operator dropped because they arrived after their
    /// windows were cleaned up and the pipeline declared no late stream; 0 for a chain without a window.
    /// Read from other threads by the metric <c>hyperflow.window.late_dropped</c>: generated chains with a
    /// window override it to return the operator's counter, a plain field.
    /// </summary>
    protected virtual long WindowLateDropped => 0;

    /// <summary><see cref="WindowLateDropped"/>, for the metrics (protected only, for the same reason as <see cref="ProcessingTimeDue"/>).</summary>
    internal long LateDroppedCount => WindowLateDropped;

    /// <summary>The current processing time (Unix milliseconds) from the job's clock.</summary>
    /// <returns>The time.</returns>
    protected long CurrentProcessingTime() => _plan.ProcessingTime();

    /// <summary>"chain 'name' subtask i/p", for messages.</summary>
    internal string Description => $"chain '{Chain.Name}' subtask {Subtask + 1}/{Parallelism}";

    /// <summary>The keyed state stores of the chain's operators, captured in every checkpoint.</summary>
    internal IReadOnlyList<KeyedStateStore> Stores => _stores;

    internal abstract RunStatus RunOnce();

    /// <summary>Adds a keyed state store created for one of the chain's operators (while the task is constructed).</summary>
    internal void AddStore(KeyedStateStore store) => _stores.Add(store);

    /// <summary>
    /// Adds the task's operator state other than keyed state to a checkpoint: a source's position and the
    /// committing sinks' prepared output. Runs on the slot thread at the barrier (or on any thread once the
    /// task has finished), right after the outputs were flushed.
    /// </summary>
    internal virtual void AddOperatorState(CheckpointWriter writer, long checkpointId)
    {
        foreach (ChainOutput output in _outputs)
        {
            output.PrepareCommit(writer, checkpointId, Subtask, Parallelism);
        }
    }

    /// <summary>
    /// A checkpoint was triggered. A task that has finished will see no barrier, so it captures its final
    /// state now, on the caller's thread; a running task captures when the barrier reaches it.
    /// </summary>
    internal void OnCheckpointRequested(long checkpointId)
    {
        lock (_checkpointLock)
        {
            if (!_done || checkpointId <= _capturedCheckpoint)
            {
                return;
            }

            _capturedCheckpoint = checkpointId;
        }

        _plan.Coordinator!.Capture(this, checkpointId);
    }

    /// <summary>Captures the task's state for checkpoint <paramref name="checkpointId"/>, on the slot thread, when its barrier has arrived on every input.</summary>
    private protected void CaptureCheckpoint(long checkpointId)
    {
        if (_plan.Coordinator is not { } coordinator)
        {
            return;
        }

        lock (_checkpointLock)
        {
            if (checkpointId <= _capturedCheckpoint)
            {
                return;
            }

            _capturedCheckpoint = checkpointId;
        }

        FlushOutputs();
        coordinator.Capture(this, checkpointId);
    }

    /// <summary>
    /// Marks the task finished, on the slot thread, after its last output. Checkpoints triggered since its
    /// last capture whose barriers never reached it (its inputs ended first) capture its final state now.
    /// </summary>
    private protected void MarkFinished()
    {
        if (_plan.Coordinator is not { } coordinator)
        {
            return;
        }

        long[] missed;
        lock (_checkpointLock)
        {
            _done = true;
            missed = coordinator.PendingAbove(_capturedCheckpoint);
            if (missed.Length > 0)
            {
                _capturedCheckpoint = missed[^1];
            }
        }

        foreach (long checkpointId in missed)
        {
            coordinator.Capture(this, checkpointId);
        }
    }

    /// <summary>Runs <see cref="OnProcessingTime"/> if every output has room for what it may emit.</summary>
    /// <returns><c>false</c> when an output had no room (backpressure): the slot calls again later.</returns>
    internal bool FireProcessingTime(long now)
    {
        if (!OutputsHaveControlRoom())
        {
            return false;
        }

        OnProcessingTime(now);
        FlushOutputs();
        return true;
    }

    /// <summary>Whether input is waiting (for the blocking wait's last check before sleeping).</summary>
    internal virtual bool HasPendingInput() => false;

    /// <summary>Adds one loop iteration's wall time to the bucket of what the task did in it.</summary>
    internal void Account(RunStatus status, long ticks)
    {
        switch (status)
        {
            case RunStatus.Progress:
                _busyTicks += ticks;
                break;
            case RunStatus.Backpressured:
                _backpressuredTicks += ticks;
                break;
            default:
                _idleTicks += ticks;
                break;
        }
    }

    /// <summary>Turns the time accounted since the last call into per-second rates and resets it.</summary>
    internal void PublishRates(double elapsedMs, double msPerTick)
    {
        Volatile.Write(ref _busyTotal, _busyTotal + _busyTicks);
        Volatile.Write(ref _idleTotal, _idleTotal + _idleTicks);
        Volatile.Write(ref _backpressuredTotal, _backpressuredTotal + _backpressuredTicks);
        BusyMsPerSecond = _busyTicks * msPerTick * 1000 / elapsedMs;
        IdleMsPerSecond = _idleTicks * msPerTick * 1000 / elapsedMs;
        BackpressuredMsPerSecond = _backpressuredTicks * msPerTick * 1000 / elapsedMs;
        _busyTicks = _idleTicks = _backpressuredTicks = 0;
    }

    /// <summary>The number of records every output can take now, capped at <paramref name="wanted"/>.</summary>
    private protected int OutputRoom(int wanted)
    {
        int room = wanted;
        foreach (ChainOutput output in _outputs)
        {
            // Nothing may overtake a deferred control event.
            room = output.HasDeferred && !output.TryEmitDeferred() ? 0 : output.Room(room);
        }

        return room;
    }

    /// <summary>Whether every output can take the control events one input control event may cause.</summary>
    private protected bool OutputsHaveControlRoom()
    {
        foreach (ChainOutput output in _outputs)
        {
            if (!output.TryEmitDeferred() || !output.HasControlRoom(ControlBurst))
            {
                return false;
            }
        }

        return true;
    }

    // Only a sink writer can throw from an output; it is the chain's last operator.
    private protected void FlushOutputs()
    {
        try
        {
            foreach (ChainOutput output in _outputs)
            {
                output.Flush();
            }
        }
        catch (Exception ex) when (ex is not OperatorException)
        {
            throw OperatorFailed(Chain.Operators.Count - 1, ex);
        }
    }

    /// <summary>
    /// Emits a control event on every output, after the records emitted so far. The caller has checked
    /// <see cref="OutputsHaveControlRoom"/>; if records emitted since (by a watermark or timer callback)
    /// still wait for room, the event waits behind them and the chain reads no input until it is out.
    /// </summary>
    private protected void EmitControl(ControlKind kind, long value)
    {
        FlushOutputs();
        try
        {
            foreach (ChainOutput output in _outputs)
            {
                output.EmitControlOrDefer(kind, value);
            }
        }
        catch (Exception ex) when (ex is not OperatorException)
        {
            // A sink writer receiving a watermark is the only output that runs user code here.
            throw OperatorFailed(Chain.Operators.Count - 1, ex);
        }
    }

    /// <summary>Flushes and signals end of input on every output.</summary>
    /// <returns><c>false</c> when an output has no room yet; call again later.</returns>
    private protected bool TryCompleteOutputs()
    {
        FlushOutputs();
        try
        {
            bool all = true;
            foreach (ChainOutput output in _outputs)
            {
                all &= output.TryComplete();
            }

            return all;
        }
        catch (Exception ex) when (ex is not OperatorException)
        {
            throw OperatorFailed(Chain.Operators.Count - 1, ex);
        }
    }
}
