namespace HyperFlow;

/// <summary>
/// A source of events, split over the subtasks of the source operator: each subtask reads its own
/// share through the reader <see cref="CreateReader"/> returns.
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
public interface ISource<T>
{
    /// <summary>Creates the reader of one subtask. Called once per subtask before the job starts.</summary>
    /// <param name="subtask">The subtask index, in <c>[0, parallelism)</c>.</param>
    /// <param name="parallelism">The number of subtasks.</param>
    /// <returns>The subtask's reader.</returns>
    ISourceReader<T> CreateReader(int subtask, int parallelism);
}
