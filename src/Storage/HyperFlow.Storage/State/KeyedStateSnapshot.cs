namespace HyperFlow.Storage.State;

/// <summary>
/// A consistent view of a keyed state store, captured by <see cref="KeyedStateStore{TKey}.TakeSnapshot"/>
/// and written (once) in the canonical format, on any thread.
/// </summary>
public sealed class KeyedStateSnapshot
{
    private readonly KeyedStateContext _context;
    private readonly List<IStateTable> _tables;
    private readonly List<RawState> _unclaimed;
    private readonly long _now;

    internal KeyedStateSnapshot(KeyedStateContext context, List<IStateTable> tables, List<RawState> unclaimed, long now)
    {
        _context = context;
        _tables = tables;
        _unclaimed = unclaimed;
        _now = now;
    }

    /// <summary>Keyed entries captured (before expired entries are left out).</summary>
    public long Entries => _tables.Sum(t => t.Entries) + _unclaimed.Sum(r => (long)r.Count);

    /// <summary>Writes the snapshot in the canonical format.</summary>
    /// <param name="destination">Where it goes.</param>
    /// <exception cref="StateException">A key or value cannot be serialized; the message names the state and operator.</exception>
    public void WriteTo(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var writer = new SnapshotWriter(destination, _tables.Count + _unclaimed.Count);
        foreach (IStateTable table in _tables)
        {
            try
            {
                table.Export(writer, _now);
            }
            catch (Exception ex) when (ex is not StateException and not IOException)
            {
                throw new StateException($"Cannot snapshot state '{table.Descriptor.Name}' of {_context.Describe()}: {ex.Message} Make its key and value types serializable (unmanaged structs, strings, or MessagePack types).", ex);
            }
        }

        foreach (RawState raw in _unclaimed)
        {
            raw.WriteTo(writer, _now);
        }

        writer.Complete();
    }

    /// <summary>
    /// Hands the memory of the snapshot's copy back to the store once the snapshot has been written, so
    /// that the store's next snapshot of the same size copies into it instead of allocating (in-memory
    /// backend; nothing for FASTER). Optional; the snapshot must not be used afterwards.
    /// </summary>
    public void Release()
    {
        foreach (IStateTable table in _tables)
        {
            table.Release();
        }
    }
}
