namespace HyperFlow.Runtime.Execution;

/// <summary>
/// A chain that starts at a source: reads a batch from the subtask's source reader when every output
/// has room for it (otherwise it leaves the source alone: backpressure) and runs the fused operators
/// over the batch.
/// </summary>
/// <typeparam name="TIn">The source's event type.</typeparam>
public abstract class SourceChainTask<TIn> : ChainTask
{
    private readonly ISourceReader<TIn> _reader;
    private readonly TIn[] _batch;
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
        _batch = new TIn[BatchSize];
    }

    internal override bool ReadsSource => true;

    /// <summary>The fused operators, applied to one batch. Generated.</summary>
    /// <param name="batch">The records read from the source.</param>
    protected abstract void ProcessBatch(ReadOnlySpan<TIn> batch);

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

        int room = OutputRoom(_batch.Length);
        if (room == 0)
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
            ProcessBatch(new ReadOnlySpan<TIn>(_batch, 0, read));
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

    private RunStatus Finish()
    {
        if (!TryCompleteOutputs())
        {
            return RunStatus.Backpressured;
        }

        _finished = true;
        return RunStatus.Finished;
    }
}
