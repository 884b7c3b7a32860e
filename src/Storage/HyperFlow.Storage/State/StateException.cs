namespace HyperFlow.Storage.State;

/// <summary>
/// A keyed state could not be read, written, snapshotted or restored. The message names the state,
/// the operator and the subtask, and says what to do.
/// </summary>
public sealed class StateException : Exception
{
    /// <summary>Creates an exception.</summary>
    public StateException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong, where, and what to do.</param>
    public StateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong, where, and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public StateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
