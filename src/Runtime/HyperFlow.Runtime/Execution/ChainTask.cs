using HyperFlow.Graph;

namespace HyperFlow.Runtime.Execution;

/// <summary>
/// One subtask of a fused chain, run by a task slot. The source generator derives one class per chain
/// from <see cref="SourceChainTask{TIn}"/> or <see cref="ExchangeInputChainTask{TIn}"/>; this base
/// holds what every chain shares: its outputs, counters and the mapping of failures to operators.
/// </summary>
public abstract class ChainTask
{
    private readonly ExecutionPlan _plan;
    private ChainOutput[] _outputs = [];

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
    }

    /// <summary>The chain this task runs.</summary>
    public ChainDescriptor Chain { get; }

    /// <summary>The subtask index.</summary>
    public int Subtask { get; }

    /// <summary>The number of events read from the chain's input.</summary>
    public long RecordsIn { get; private protected set; }

    /// <summary>The number of events the chain emitted, over all its outputs.</summary>
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

    /// <summary>The largest batch the chain reads at once.</summary>
    protected int BatchSize => _plan.Options.BatchSize;

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
        => new(_plan.Graph.JobName, Chain.Operators[operatorIndex], Subtask, _plan.Parallelism, error);

    internal abstract RunStatus RunOnce();

    /// <summary>The number of events every output can take now, capped at <paramref name="wanted"/>.</summary>
    private protected int OutputRoom(int wanted)
    {
        int room = wanted;
        foreach (ChainOutput output in _outputs)
        {
            room = Math.Min(room, output.FreeCapacity());
        }

        return room;
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

    private protected void CompleteOutputs()
    {
        try
        {
            foreach (ChainOutput output in _outputs)
            {
                output.Complete();
            }
        }
        catch (Exception ex) when (ex is not OperatorException)
        {
            throw OperatorFailed(Chain.Operators.Count - 1, ex);
        }
    }
}
