namespace HyperFlow.Storage.Checkpointing;

/// <summary>What wrote a checkpoint folder.</summary>
public enum CheckpointKind
{
    /// <summary>A periodic checkpoint in the job's checkpoint directory: retained while among the last N, may share files with other checkpoints.</summary>
    Checkpoint,

    /// <summary>A user-triggered savepoint in a folder of its own: canonical snapshots only, self-contained, never deleted by retention.</summary>
    Savepoint,
}
