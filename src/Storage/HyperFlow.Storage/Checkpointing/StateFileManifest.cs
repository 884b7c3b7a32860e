namespace HyperFlow.Storage.Checkpointing;

/// <summary>One LZ4-framed file of a checkpoint, as its manifest lists it.</summary>
/// <param name="Path">
/// Where the file is, relative to the manifest's folder with <c>/</c> separators: a plain name for a file
/// the checkpoint wrote, <c>../chk-N/name</c> for a file an earlier checkpoint wrote and this one shares.
/// </param>
/// <param name="RawSize">The bytes before compression.</param>
/// <param name="StoredSize">The bytes on disk (the LZ4 frame).</param>
/// <param name="Checksum">The xxHash64 of the stored bytes, 16 lowercase hex digits; verified before a restore.</param>
/// <param name="RawChecksum">The xxHash64 of the bytes before compression, 16 lowercase hex digits; verified while decompressing.</param>
/// <param name="RelativePath">For a file of a native snapshot (FASTER): its path under the store's directory; <c>null</c> for a canonical snapshot.</param>
public sealed record StateFileManifest(string Path, long RawSize, long StoredSize, string Checksum, string RawChecksum, string? RelativePath = null)
{
    /// <summary>Raw bytes per stored byte (1 when the file is empty).</summary>
    public double CompressionRatio() => StoredSize == 0 ? 1 : (double)RawSize / StoredSize;
}
