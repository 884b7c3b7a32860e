namespace HyperFlow.Connectors.Files;

/// <summary>Where a part file is in its life: hidden while written and while its checkpoint completes, visible once committed.</summary>
internal enum PartFileKind
{
    /// <summary>Being written (<c>.{name}.inprogress</c>), or closed and waiting for the next checkpoint barrier.</summary>
    InProgress,

    /// <summary>Prepared by a checkpoint (<c>.{name}.pending</c>): complete and durable, visible once the checkpoint completes.</summary>
    Pending,

    /// <summary>Committed: visible under its final name.</summary>
    Committed,
}
