namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>Checkpoints of the FASTER backend: a full one, an incremental one after 1% of the keys changed, and a full one of the same state.</summary>
/// <param name="LogBytes">Bytes of FASTER's log holding the state (records of 40 bytes: header, key, value).</param>
/// <param name="IndexBytes">Bytes of FASTER's hash index, which a full checkpoint writes too.</param>
/// <param name="ChangedKeys">Keys updated between the first checkpoint and the incremental one.</param>
/// <param name="First">The first (full) checkpoint.</param>
/// <param name="Incremental">The checkpoint asked to be incremental after the change (see its Kind for what happened).</param>
/// <param name="Full">A full checkpoint of the same state, for comparison.</param>
/// <param name="WrittenRatio">Full / incremental written bytes.</param>
/// <param name="StoredRatio">Full / incremental newly stored (LZ4) bytes in the checkpoint storage.</param>
/// <param name="Recovery">Recovery of the table from the latest (full) packaged checkpoint.</param>
internal sealed record FasterFigures(
    long LogBytes,
    long IndexBytes,
    long ChangedKeys,
    FasterCheckpointFigures First,
    FasterCheckpointFigures Incremental,
    FasterCheckpointFigures Full,
    double WrittenRatio,
    double StoredRatio,
    RecoveryFigures Recovery);
