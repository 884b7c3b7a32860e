using HyperFlow.Runtime.Checkpoints;
using HyperFlow.Runtime.Sequencing;
using HyperFlow.Runtime.Time;
using HyperFlow.Storage.Checkpointing;

namespace HyperFlow.Runtime.Execution;

/// <summary>
/// A chain that starts at a source: reads a batch from the subtask's source reader when every output
/// has room for it (otherwise it leaves the source alone: backpressure) and runs the fused operators
/// over the batch. A chain whose stream has timestamps also generates the subtask's watermarks, per
/// source partition (see <see cref="UseWatermarks"/>). In a job with checkpoints it injects the barriers
/// the coordinator asks for between two batches, after capturing its reader's position.
/// </summary>
/// <typeparam name="TIn">The source's event type.</typeparam>
public abstract class SourceChainTask<TIn> : ChainTask
{
    private readonly ISourceReader<TIn> _reader;
    private readonly IPartitionedSourceReader<TIn>? _partitioned;
    private readonly TIn[] _batch;
    private readonly CheckpointCoordinator? _coordinator;
    private readonly string _sourceUid;
    private long _injectedBarrier;
    private SourceWatermarks? _watermarks;
    private int _timestampOperator;
    private bool _endOfEventTime;
    private bool _ending;
    private bool _finished;

    /// <summary>Initialises the task and creates its source reader.</summary>
    /// <param name="plan">The job's execution plan.</param>
    /// <param name="chainId">The chain's index in the job graph.</param>
    /// <param name="subtask">The subtask index.</param>
    /// <param name="source">The name the source is bound under.</param>
    protected SourceChainTask(ExecutionPlan plan, int chainId, int subtask, string source)
        : base(plan, chainId, subtask)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _reader = plan.CreateSourceReader<TIn>(source, subtask);
        _coordinator = plan.Coordinator;
        _sourceUid = ExecutionPlan.SourceStateUid(source);
        _partitioned = _reader as IPartitionedSourceReader<TIn>;
        _batch = new TIn[BatchSize];
    }

    internal override bool ReadsSource => true;

    /// <inheritdoc />
    protected override long NextProcessingTime => _watermarks is null || _ending ? long.MaxValue : _watermarks.NextIdleCheck;

    /// <summary>
    /// Turns on event time for the chain: one copy of <paramref name="generator"/> per source partition,
    /// the subtask's watermark the minimum over the partitions that are not idle, emitted after each
    /// batch when it advanced. Generated chains with timestamps call it once from their constructor and
    /// pass every record and its timestamp to <see cref="SourceWatermarks{T, TGenerator}.OnEvent"/>.
    /// </summary>
    /// <typeparam name="T">The type of the records timestamps are taken from (the source's, or a later operator's in the chain).</typeparam>
    /// <typeparam name="TGenerator">The watermark generator.</typeparam>
    /// <param name="operatorIndex">The index of the timestamp operator in the chain, to name it if the generator throws.</param>
    /// <param name="generator">The generator each partition starts from.</param>
    /// <param name="idleTimeoutMs">Processing time without events after which a partition is idle; 0 for never.</param>
    /// <returns>The subtask's watermarks, for the generated code to feed.</returns>
    /// <exception cref="InvalidOperationException">When called twice.</exception>
    protected SourceWatermarks<T, TGenerator> UseWatermarks<T, TGenerator>(int operatorIndex, TGenerator generator, long idleTimeoutMs)
        where TGenerator : struct, IWatermarkGenerator<T>
    {
        if (_watermarks is not null)
        {
            throw new InvalidOperationException($"Chain '{Chain.Name}' subtask {Subtask} already generates watermarks; a chain has one timestamp operator.");
        }

        var watermarks = new SourceWatermarks<T, TGenerator>(generator, _partitioned?.PartitionCount ?? 1, idleTimeoutMs, CurrentProcessingTime());
        _watermarks = watermarks;
        _timestampOperator = operatorIndex;
        return watermarks;
    }

    /// <summary>The fused operators, applied to one batch. Generated.</summary>
    /// <param name="batch">The records read from the source.</param>
    protected abstract void ProcessBatch(ReadOnlySpan<TIn> batch);

    /// <inheritdoc />
    protected override void OnProcessingTime(long time)
    {
        if (_watermarks is { } watermarks && time >= watermarks.NextIdleCheck)
        {
            EmitWatermarkChange(watermarks.CheckIdle(time), watermarks.Watermark);
        }
    }

    internal sealed override RunStatus RunOnce()
    {
        if (_finished)
        {
            return RunStatus.Finished;
        }

        if (_ending)
        {
            return Finish();
        }

        if (_coordinator is not null && _coordinator.RequestedBarrier > _injectedBarrier)
        {
            if (!OutputsHaveControlRoom())
            {
                return RunStatus.Backpressured;
            }

            InjectBarriers(_coordinator);
        }

        int room = OutputRoom(_batch.Length);
        // A batch with timestamps may end with an active status and a watermark.
        if (room == 0 || (_watermarks is not null && !OutputsHaveControlRoom()))
        {
            return RunStatus.Backpressured;
        }

        int read;
        bool exhausted;
        try
        {
            read = _reader.Read(_batch.AsSpan(0, room));
            exhausted = read == 0 && _reader.IsFinished;
        }
        catch (Exception ex)
        {
            throw OperatorFailed(0, ex);
        }

        if (read > 0)
        {
            RecordsIn += read;
            if (_watermarks is null)
            {
                ProcessBatch(new ReadOnlySpan<TIn>(_batch, 0, read));
            }
            else
            {
                ProcessBatchWithWatermarks(_watermarks, read);
            }

            FlushOutputs();
            return RunStatus.Progress;
        }

        if (exhausted)
        {
            _ending = true;
            return Finish();
        }

        return RunStatus.Idle;
    }

    private void ProcessBatchWithWatermarks(SourceWatermarks watermarks, int read)
    {
        try
        {
            watermarks.BeginBatch(
                _partitioned?.CurrentPartition ?? 0,
                _partitioned?.PartitionCount ?? 1,
                watermarks.HasIdleTimeout ? CurrentProcessingTime() : 0);
        }
        catch (Exception ex)
        {
            throw OperatorFailed(0, ex);
        }

        ProcessBatch(new ReadOnlySpan<TIn>(_batch, 0, read));
        WatermarkChange change;
        try
        {
            change = watermarks.EndBatch();
        }
        catch (Exception ex) when (ex is not OperatorException)
        {
            throw OperatorFailed(_timestampOperator, ex);
        }

        EmitWatermarkChange(change, watermarks.Watermark);
    }

    /// <summary>Emits the control events a step of watermark bookkeeping calls for, in order.</summary>
    private void EmitWatermarkChange(WatermarkChange change, long watermark)
    {
        if ((change & WatermarkChange.Active) != 0)
        {
            EmitControl(ControlKind.Active, 0);
        }

        if ((change & WatermarkChange.Advanced) != 0)
        {
            EmitControl(ControlKind.Watermark, watermark);
        }

        if ((change & WatermarkChange.Idle) != 0)
        {
            EmitControl(ControlKind.Idle, 0);
        }
    }

    /// <inheritdoc />
    internal override void AddOperatorState(CheckpointWriter writer, long checkpointId)
    {
        if (_reader is ICheckpointedSourceReader<TIn> checkpointed)
        {
            writer.AddSourcePosition(_sourceUid, Subtask, Parallelism, checkpointed.SnapshotPosition(checkpointId));
        }

        base.AddOperatorState(writer, checkpointId);
    }

    /// <summary>Captures the reader's position and injects the barrier of every checkpoint requested since the last one injected.</summary>
    private void InjectBarriers(CheckpointCoordinator coordinator)
    {
        // Read first: every id up to it is pending by now (or already over), later ones wait for the next turn.
        long requested = coordinator.RequestedBarrier;
        foreach (long checkpointId in coordinator.PendingAbove(_injectedBarrier))
        {
            if (checkpointId > requested)
            {
                break;
            }

            CaptureCheckpoint(checkpointId);
            EmitControl(ControlKind.Barrier, checkpointId);
        }

        _injectedBarrier = requested;
    }

    private RunStatus Finish()
    {
        if (_watermarks is { } watermarks && !_endOfEventTime)
        {
            if (!OutputsHaveControlRoom())
            {
                return RunStatus.Backpressured;
            }

            // As a bounded Flink source: the end of the input is the end of event time.
            EmitWatermarkChange(watermarks.IsIdle ? WatermarkChange.Active | WatermarkChange.Advanced : WatermarkChange.Advanced, long.MaxValue);
            _endOfEventTime = true;
        }

        if (!TryCompleteOutputs())
        {
            return RunStatus.Backpressured;
        }

        _finished = true;
        MarkFinished();
        return RunStatus.Finished;
    }
}
