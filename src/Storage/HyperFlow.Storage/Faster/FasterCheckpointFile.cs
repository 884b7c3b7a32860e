namespace HyperFlow.Storage.Faster;

/// <summary>One file a <see cref="FasterCheckpoint"/> needs.</summary>
/// <param name="Path">The file's absolute path.</param>
/// <param name="RelativePath">The path relative to the table's directory; a copy must keep it.</param>
/// <param name="Length">
/// The bytes of the file the checkpoint needs, from its start: a copy of this prefix is enough, and
/// for a delta file it is required, because later incremental checkpoints append to it.
/// </param>
public readonly record struct FasterCheckpointFile(string Path, string RelativePath, long Length);
