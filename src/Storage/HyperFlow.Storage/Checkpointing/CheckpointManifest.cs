namespace HyperFlow.Storage.Checkpointing;

/// <summary>
/// The manifest of a checkpoint or savepoint (<c>manifest.json</c> in its folder): what the checkpoint
/// holds and how to verify it. A folder is a checkpoint only once its manifest is durably written.
/// </summary>
/// <param name="FormatVersion">The storage format (<see cref="CurrentFormatVersion"/>); a reader refuses versions it does not know.</param>
/// <param name="Job">The job's name.</param>
/// <param name="CheckpointId">The checkpoint's id, increasing over the job's checkpoints.</param>
/// <param name="Kind">Checkpoint or savepoint.</param>
/// <param name="CreatedAt">When the manifest was written.</param>
/// <param name="StateBackend">The state backend that wrote it (<see cref="State.IStateBackend.Name"/>).</param>
/// <param name="Operators">The operators with state or positions, ordered by uid.</param>
public sealed record CheckpointManifest(
    int FormatVersion,
    string Job,
    long CheckpointId,
    CheckpointKind Kind,
    DateTimeOffset CreatedAt,
    string StateBackend,
    IReadOnlyList<OperatorManifest> Operators)
{
    /// <summary>
    /// The format version this build writes and reads. Version 2 lists one FASTER checkpoint per state
    /// (<see cref="SubtaskManifest.Faster"/> is a list); version 1 manifests without FASTER checkpoints read
    /// as version 2.
    /// </summary>
    public const int CurrentFormatVersion = 2;

    /// <summary>The oldest format version this build reads.</summary>
    public const int OldestReadableFormatVersion = 1;

    /// <summary>Finds an operator by uid.</summary>
    /// <param name="operatorUid">The uid.</param>
    /// <returns>The operator, or <c>null</c> when the checkpoint holds nothing for it.</returns>
    public OperatorManifest? FindOperator(string operatorUid) => Operators.FirstOrDefault(o => o.Uid == operatorUid);

    /// <summary>Every file of the checkpoint, with the operator and subtask it belongs to.</summary>
    /// <returns>The files, operator by operator, subtask by subtask.</returns>
    public IEnumerable<(OperatorManifest Operator, SubtaskManifest Subtask, StateFileManifest File)> Files()
        => from op in Operators from subtask in op.Subtasks from file in subtask.Files() select (op, subtask, file);

    /// <summary>Names the checkpoint in messages.</summary>
    /// <returns>For example <c>checkpoint 12 of job 'trades'</c>.</returns>
    public string Describe() => $"{(Kind == CheckpointKind.Savepoint ? "savepoint" : "checkpoint")} {CheckpointId} of job '{Job}'";
}
