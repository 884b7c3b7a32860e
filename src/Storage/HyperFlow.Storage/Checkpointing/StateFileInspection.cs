namespace HyperFlow.Storage.Checkpointing;

/// <summary>One file of an inspected checkpoint, with what verifying it found.</summary>
/// <param name="OperatorUid">The operator the file belongs to.</param>
/// <param name="Subtask">The subtask the file belongs to.</param>
/// <param name="KeyGroupStart">The first key group of the subtask.</param>
/// <param name="KeyGroupCount">The number of key groups of the subtask.</param>
/// <param name="File">The file's manifest entry (path, raw and stored sizes, checksums).</param>
/// <param name="Status">What verifying the stored bytes found.</param>
/// <param name="FasterState">For a FASTER checkpoint file: the state whose checkpoint it belongs to; <c>null</c> for a canonical snapshot.</param>
public sealed record StateFileInspection(string OperatorUid, int Subtask, int KeyGroupStart, int KeyGroupCount, StateFileManifest File, StateFileStatus Status,
    string? FasterState = null)
{
    /// <summary>Whether the file belongs to an earlier checkpoint, shared by this one.</summary>
    public bool IsShared => File.Path.StartsWith("../", StringComparison.Ordinal);

    /// <summary>Whether the file is a FASTER checkpoint file (otherwise a canonical snapshot).</summary>
    public bool IsNative => File.RelativePath is not null;
}
