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

    /// <summary>
    /// Called on a copy from <see cref="Freeze"/> once it has been written: it may hand its memory back to
    /// the table it was frozen from, for the next copy. The copy is not used afterwards.
    /// </summary>
    void Release();
}
