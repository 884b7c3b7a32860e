namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>A checkpoint of the in-memory backend: canonical snapshot, LZ4-framed by the checkpoint storage.</summary>
/// <param name="RawBytes">Canonical snapshot bytes.</param>
/// <param name="StoredBytes">LZ4-framed bytes on disk.</param>
/// <param name="CompressionRatio">Raw / stored.</param>
/// <param name="CaptureMilliseconds">TakeSnapshot on the caller's thread (a copy of the tables): the pause of the data path.</param>
/// <param name="WriteMilliseconds">CheckpointWriter.WriteKeyedState: serialize, LZ4, checksums, file flushed to disk (off the data path).</param>
/// <param name="CompleteMilliseconds">CheckpointWriter.Complete: the manifest written durably.</param>
/// <param name="CaptureRawMegabytesPerSecond">Raw bytes captured per second of the capture.</param>
/// <param name="WriteRawMegabytesPerSecond">Raw bytes per second of write + complete.</param>
/// <param name="WriteStoredMegabytesPerSecond">Stored (LZ4) bytes per second of write + complete.</param>
/// <param name="Recovery">Recovery of the store from the checkpoint.</param>
internal sealed record InMemoryFigures(
    long RawBytes,
    long StoredBytes,
    double CompressionRatio,
    double CaptureMilliseconds,
    double WriteMilliseconds,
    double CompleteMilliseconds,
    double CaptureRawMegabytesPerSecond,
    double WriteRawMegabytesPerSecond,
    double WriteStoredMegabytesPerSecond,
    RecoveryFigures Recovery);
