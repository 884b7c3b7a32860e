namespace HyperFlow.Storage.State;

/// <summary>A point-in-time view of a keyed state store, for metrics.</summary>
/// <param name="Entries">Keyed entries over all states (list and map entries count once per key).</param>
/// <param name="SizeBytes">Bytes held (in memory, or in memory and on disk for FASTER).</param>
/// <param name="Reads">State reads since the store was created.</param>
/// <param name="Writes">State writes since the store was created.</param>
/// <param name="PendingOperations">Operations waiting on disk (FASTER only; 0 in memory).</param>
public readonly record struct StateStatistics(long Entries, long SizeBytes, long Reads, long Writes, long PendingOperations);
