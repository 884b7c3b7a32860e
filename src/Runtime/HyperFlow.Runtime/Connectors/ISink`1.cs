namespace HyperFlow;

/// <summary>
/// A destination of events, written by the subtasks of the sink operator, each through the writer
/// <see cref="CreateWriter"/> returns.
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
public interface ISink<T>
{
    /// <summary>Creates the writer of one subtask. Called once per subtask before the job starts.</summary>
    /// <param name="subtask">The subtask index, in <c>[0, parallelism)</c>.</param>
    /// <param name="parallelism">The number of subtasks.</param>
    /// <returns>The subtask's writer.</returns>
    ISinkWriter<T> CreateWriter(int subtask, int parallelism);
}
