namespace HyperFlow.Storage.Checkpointing;

/// <summary>What verifying a checkpoint file against its manifest found.</summary>
public enum StateFileStatus
{
    /// <summary>The file is there, with the manifest's size and checksum.</summary>
    Valid,

    /// <summary>The file is not there.</summary>
    Missing,

    /// <summary>The file is there but its size is not the manifest's (truncated or appended to).</summary>
    SizeMismatch,

    /// <summary>The file has the manifest's size but another xxHash64: its bytes changed.</summary>
    ChecksumMismatch,
}
