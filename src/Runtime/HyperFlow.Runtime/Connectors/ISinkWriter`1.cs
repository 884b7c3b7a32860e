namespace HyperFlow;

/// <summary>
/// The writer of one sink subtask, called from the subtask's task-slot thread only. Events arrive in
/// batches: one call per batch, not per event.
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
public interface ISinkWriter<T>
{
    /// <summary>Writes a batch of events. The span is only valid during the call.</summary>
    /// <param name="batch">The events, in order.</param>
    void Write(ReadOnlySpan<T> batch);

    /// <summary>Called once after the last batch when the input has ended (not on failure or cancellation).</summary>
    void Complete();
}
