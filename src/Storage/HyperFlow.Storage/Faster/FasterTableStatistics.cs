namespace HyperFlow.Storage.Faster;

/// <summary>A point-in-time view of a <see cref="FasterTable{TKey, TValue, TInput, TUpdater}"/>, for metrics.</summary>
/// <param name="Entries">Keys with a value (exact once pending operations have completed).</param>
/// <param name="LogSizeBytes">Bytes of the hybrid log, in memory and on disk (tail − begin address); includes superseded records.</param>
/// <param name="InMemoryLogBytes">Bytes of the log held in memory (tail − head address).</param>
/// <param name="IndexSizeBytes">Bytes of FASTER's main hash index (always in memory); overflow buckets are not counted, since counting them scans the index.</param>
/// <param name="Reads">Reads since the table was opened.</param>
/// <param name="Writes">Writes (read-modify-writes, upserts, deletes) since the table was opened.</param>
/// <param name="PendingOperations">Operations waiting on a disk read now.</param>
/// <param name="PendingTotal">Operations that had to wait on a disk read since the table was opened.</param>
public readonly record struct FasterTableStatistics(
    long Entries,
    long LogSizeBytes,
    long InMemoryLogBytes,
    long IndexSizeBytes,
    long Reads,
    long Writes,
    int PendingOperations,
    long PendingTotal);
