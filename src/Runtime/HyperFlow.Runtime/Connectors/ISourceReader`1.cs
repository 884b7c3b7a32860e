namespace HyperFlow;

/// <summary>
/// The reader of one source subtask. It is called from the subtask's task-slot thread only and must
/// not block: when no event is ready it returns 0 and the slot goes on with other work.
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
public interface ISourceReader<T>
{
    /// <summary>Whether the reader has delivered its last event (a bounded source is exhausted).</summary>
    bool IsFinished { get; }

    /// <summary>Copies up to <c>buffer.Length</c> ready events into <paramref name="buffer"/>.</summary>
    /// <param name="buffer">Where to write the events.</param>
    /// <returns>The number of events written; 0 when none is ready or the reader is finished.</returns>
    int Read(Span<T> buffer);
}
