using HyperFlow.Runtime.Sequencing;

namespace HyperFlow.Runtime.Execution;

/// <summary>
/// A chain fed by an exchange: polls the rings from every upstream subtask in turn, reading each
/// batch in place (no copy), and finishes when every upstream has completed and its ring is drained.
/// </summary>
/// <typeparam name="TIn">The event type arriving through the exchange.</typeparam>
public abstract class ExchangeInputChainTask<TIn> : ChainTask
{
    private readonly SpscRing<TIn>[] _inputs;
    private bool _finished;

    /// <summary>Initialises the task and attaches it to its input rings.</summary>
    /// <param name="plan">The job's execution plan.</param>
    /// <param name="chainId">The chain's index in the job graph.</param>
    /// <param name="subtask">The subtask index.</param>
    protected ExchangeInputChainTask(ExecutionPlan plan, int chainId, int subtask)
        : base(plan, chainId, subtask)
        => _inputs = plan.GetExchangeInputs<TIn>(chainId, subtask);

    /// <summary>The fused operators, applied to one batch. Generated.</summary>
    /// <param name="batch">The events read from one input ring.</param>
    protected abstract void ProcessBatch(ReadOnlySpan<TIn> batch);

    internal sealed override RunStatus RunOnce()
    {
        if (_finished)
        {
            return RunStatus.Finished;
        }

        bool progress = false;
        bool backpressured = false;
        foreach (SpscRing<TIn> input in _inputs)
        {
            int room = OutputRoom(BatchSize);
            if (room == 0)
            {
                backpressured = true;
                break;
            }

            ReadOnlySpan<TIn> batch = input.Peek(room);
            if (!batch.IsEmpty)
            {
                RecordsIn += batch.Length;
                ProcessBatch(batch);
                input.Release(batch.Length);
                FlushOutputs();
                progress = true;
            }
        }

        if (progress)
        {
            return RunStatus.Progress;
        }

        if (backpressured)
        {
            return RunStatus.Backpressured;
        }

        foreach (SpscRing<TIn> input in _inputs)
        {
            if (!input.IsDrained())
            {
                return RunStatus.Idle;
            }
        }

        CompleteOutputs();
        _finished = true;
        return RunStatus.Finished;
    }
}
