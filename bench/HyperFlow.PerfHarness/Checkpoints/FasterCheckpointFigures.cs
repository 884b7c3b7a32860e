using HyperFlow.Storage.Faster;

namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>One FASTER checkpoint: taken natively, then packaged into the checkpoint storage.</summary>
/// <param name="Requested">The kind asked for (incremental or full).</param>
/// <param name="Kind">The kind FASTER actually wrote.</param>
/// <param name="NativeMilliseconds">FasterTable.TakeCheckpoint: FASTER writes its snapshot (and index, for a full one) and waits for durability.</param>
/// <param name="WrittenBytes">Bytes FASTER wrote for this checkpoint: the delta for an incremental, snapshot + metadata + index for a full one.</param>
/// <param name="PackageMilliseconds">CheckpointWriter.AddFasterCheckpoint + Complete: files LZ4-framed into the checkpoint folder, manifest.</param>
/// <param name="FileBytes">Raw bytes of every file the checkpoint needs (listed prefix of each).</param>
/// <param name="NewStoredBytes">LZ4 bytes this checkpoint stored itself (files not shared with an earlier retained checkpoint).</param>
/// <param name="NewRawBytes">Raw bytes of those newly stored files.</param>
/// <param name="SharedFiles">Files shared with an earlier checkpoint (same bytes), not copied again.</param>
/// <param name="CompressionRatio">New raw / new stored.</param>
/// <param name="RawMegabytesPerSecond">Written bytes per second of native + package time.</param>
internal sealed record FasterCheckpointFigures(
    FasterCheckpointKind Requested,
    FasterCheckpointKind Kind,
    double NativeMilliseconds,
    long WrittenBytes,
    double PackageMilliseconds,
    long FileBytes,
    long NewStoredBytes,
    long NewRawBytes,
    int SharedFiles,
    double CompressionRatio,
    double RawMegabytesPerSecond);
