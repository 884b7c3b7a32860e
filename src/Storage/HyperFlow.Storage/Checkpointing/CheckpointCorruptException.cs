namespace HyperFlow.Storage.Checkpointing;

/// <summary>
/// A checkpoint or savepoint is corrupt or partial: its manifest is missing, unreadable or invalid,
/// or a file is missing, has another size or fails its checksum. Recovery skips such a checkpoint
/// for the previous one (see <see cref="CheckpointStorage.OpenLatest"/>).
/// </summary>
public sealed class CheckpointCorruptException : CheckpointException
{
    /// <summary>Creates an exception.</summary>
    public CheckpointCorruptException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What is corrupt, where, and what to do.</param>
    public CheckpointCorruptException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What is corrupt, where, and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public CheckpointCorruptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
