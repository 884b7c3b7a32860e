namespace HyperFlow.Storage.Checkpointing;

/// <summary>
/// A checkpoint or savepoint cannot be written or restored as asked. The message says what, where
/// (job, checkpoint, folder, operator) and what to do.
/// </summary>
public class CheckpointException : Exception
{
    /// <summary>Creates an exception.</summary>
    public CheckpointException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong, where, and what to do.</param>
    public CheckpointException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong, where, and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public CheckpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
