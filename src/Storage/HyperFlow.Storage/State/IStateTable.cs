namespace HyperFlow.Storage.State;

/// <summary>What a keyed state store needs of each state it holds, whatever the backend.</summary>
internal interface IStateTable
{
    StateDescriptor Descriptor { get; }

    long Entries { get; }

    long SizeBytes { get; }

    /// <summary>Adds restored entries (already filtered to the store's key groups).</summary>
    void Import(RawState raw);

    /// <summary>A consistent copy to write while the original keeps changing (called on the slot thread).</summary>
    IStateTable Freeze();

    /// <summary>Writes the live entries in the canonical format.</summary>
    void Export(SnapshotWriter writer, long now);
}
