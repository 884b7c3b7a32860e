namespace HyperFlow.Storage.Faster;

/// <summary>Which kind of FASTER checkpoint was actually written (FASTER may write a full one when an incremental one was asked for).</summary>
public enum FasterCheckpointKind
{
    /// <summary>A full snapshot of the log (and of the index when the table wrote a new one): needs no earlier checkpoint's delta.</summary>
    Full,

    /// <summary>A delta over the table's last full snapshot: only the records changed since, appended to that snapshot's delta file.</summary>
    Incremental,
}
