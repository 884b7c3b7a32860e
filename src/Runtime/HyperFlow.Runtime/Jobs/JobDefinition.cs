using HyperFlow.Graph;
using HyperFlow.Runtime.Execution;

namespace HyperFlow;

/// <summary>
/// A compiled job: its graph and the factory of its fused chain tasks. The source generator derives one
/// per <see cref="JobAttribute"/> class and exposes it as the class's <c>Definition</c> property; run
/// it with a <see cref="JobHost"/>.
/// </summary>
public abstract class JobDefinition
{
    /// <summary>Initialises the definition.</summary>
    /// <param name="graph">The job's graph.</param>
    protected JobDefinition(JobGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Graph = graph;
    }

    /// <summary>The job's graph.</summary>
    public JobGraph Graph { get; }

    /// <summary>The job's name.</summary>
    public string Name => Graph.JobName;

    /// <summary>The names of the sources to bind.</summary>
    public IEnumerable<string> SourceNames => Graph.Operators.Where(static o => o.Kind == OperatorKind.Source).Select(static o => o.Uid);

    /// <summary>The names of the sinks to bind.</summary>
    public IEnumerable<string> SinkNames => Graph.Operators.Where(static o => o.Kind == OperatorKind.Sink).Select(static o => o.Uid);

    /// <summary>Creates the tasks of one subtask of every chain. Generated.</summary>
    /// <param name="plan">The execution plan.</param>
    /// <param name="subtask">The subtask index.</param>
    /// <param name="tasks">Where to add the tasks, one per chain, in chain order.</param>
    protected abstract void CreateSubtasks(ExecutionPlan plan, int subtask, List<ChainTask> tasks);

    internal void AddSubtasks(ExecutionPlan plan, int subtask, List<ChainTask> tasks) => CreateSubtasks(plan, subtask, tasks);
}
