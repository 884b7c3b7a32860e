namespace HyperFlow.Storage.State;

/// <summary>
/// The keyed state of one operator subtask, whatever its key type: what the engine needs to take
/// snapshots, restore, report metrics and release it. Operators use <see cref="KeyedStateStore{TKey}"/>.
/// </summary>
public abstract class KeyedStateStore : IDisposable
{
    private protected KeyedStateStore(KeyedStateContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The operator subtask the store belongs to.</summary>
    public KeyedStateContext Context { get; }

    /// <summary>Statistics over all states, for metrics.</summary>
    public abstract StateStatistics Statistics { get; }

    /// <summary>
    /// Captures a consistent view of every state (on the slot thread, at a checkpoint barrier); the
    /// returned snapshot can then be written on another thread while processing goes on.
    /// </summary>
    /// <returns>The captured snapshot.</returns>
    public abstract KeyedStateSnapshot TakeSnapshot();

    /// <summary>
    /// Restores state from canonical snapshots, typically one per subtask of the run that wrote them
    /// (with any parallelism and any backend). Only the key groups this subtask owns are kept. Call
    /// it before the operator registers its states; states registered afterwards start from the
    /// restored entries, and states never registered are carried into the next snapshot unchanged.
    /// </summary>
    /// <param name="sources">The snapshots.</param>
    /// <exception cref="StateException">A snapshot is corrupt or truncated, or states were registered already.</exception>
    public abstract void Restore(IEnumerable<Stream> sources);

    /// <summary>
    /// Marks the start of a batch of records on the slot thread. Backends that hold a resource per
    /// batch (FASTER protects its epoch for the batch instead of per operation) take it here; call
    /// <see cref="EndBatch"/> on the same thread, also when the batch fails. Operations outside a
    /// batch are correct, only slower.
    /// </summary>
    public virtual void BeginBatch()
    {
    }

    /// <summary>Marks the end of a batch started with <see cref="BeginBatch"/>.</summary>
    public virtual void EndBatch()
    {
    }

    /// <summary>
    /// Writes every state of the store in the canonical snapshot format, synchronously. For a snapshot
    /// that does not hold up the data path, use <see cref="TakeSnapshot"/>.
    /// </summary>
    /// <param name="destination">Where the snapshot goes.</param>
    public void WriteSnapshot(Stream destination) => TakeSnapshot().WriteTo(destination);

    /// <summary>Releases the store's resources.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the store's resources.</summary>
    /// <param name="disposing"><c>true</c> when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }
}
