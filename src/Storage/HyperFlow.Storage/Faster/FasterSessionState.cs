namespace HyperFlow.Storage.Faster;

/// <summary>
/// What the FASTER callbacks report back to the table: the session's functions are a struct copied
/// into FASTER, so they share this object with the table. Used by the table's one thread only.
/// </summary>
/// <typeparam name="TOutput">The output type of the store's reads.</typeparam>
internal class FasterSessionState<TOutput>
    where TOutput : struct
{
    /// <summary>Keys with a value (new keys are counted when their record is inserted, removals when FASTER reports them).</summary>
    public long Entries;

    /// <summary>Operations that went pending and whose completion callback has not run yet.</summary>
    public int Outstanding;

    /// <summary>The result of the last pending read (at most one read is pending at a time).</summary>
    public bool ReadFound;

    /// <summary>The output of the last pending read, when found.</summary>
    public TOutput ReadOutput;

    /// <summary>Whether the last pending delete removed a value (at most one delete is pending at a time).</summary>
    public bool DeleteFound;

    /// <summary>Pending operations FASTER completed as faulted (their disk read failed) not yet reported to the caller.</summary>
    public int Faulted;
}
