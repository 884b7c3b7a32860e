namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>A completed checkpoint, as the coordinator logged it.</summary>
/// <param name="Id">The checkpoint id.</param>
/// <param name="TriggeredAt">Stopwatch timestamp of its trigger (0 if its trigger was not seen).</param>
/// <param name="CompletedAt">Stopwatch timestamp of its completion.</param>
/// <param name="Milliseconds">Trigger to completion (manifest durable), as the coordinator measured it.</param>
/// <param name="StoredBytes">Bytes stored (compressed state files).</param>
internal sealed record CheckpointRecord(long Id, long TriggeredAt, long CompletedAt, double Milliseconds, long StoredBytes);
