namespace HyperFlow.Storage.Checkpointing;

/// <summary>What a checkpoint holds for one operator.</summary>
/// <param name="Uid">The operator's uid (stable across job versions: state is matched to operators by it).</param>
/// <param name="Parallelism">The operator's parallelism when the checkpoint was taken.</param>
/// <param name="MaxParallelism">Its number of key groups; 0 for an operator without keyed state (a source's positions only).</param>
/// <param name="Subtasks">One entry per subtask, in subtask order.</param>
public sealed record OperatorManifest(string Uid, int Parallelism, int MaxParallelism, IReadOnlyList<SubtaskManifest> Subtasks);
