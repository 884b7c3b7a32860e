using HyperFlow.Storage.State;

namespace HyperFlow.Windows;

/// <summary>
/// What a <see cref="WindowTrigger{TIn}"/> can do for the key and window it is called for: read the
/// clocks, register and delete timers, and keep state of its own per key and window.
/// </summary>
public abstract class TriggerContext
{
    private protected TriggerContext()
    {
    }

    /// <summary>The operator's current watermark.</summary>
    public abstract long CurrentWatermark { get; }

    /// <summary>The processing time now, in Unix milliseconds.</summary>
    public abstract long CurrentProcessingTime { get; }

    /// <summary>
    /// In <see cref="WindowTrigger{TIn}.OnMerge"/>: the windows that were merged into the trigger's
    /// window (their trigger state is cleared after the call). Empty otherwise.
    /// </summary>
    public abstract IReadOnlyList<TimeWindow> MergedWindows { get; }

    /// <summary>Registers an event-time timer for the key and window: <see cref="WindowTrigger{TIn}.OnEventTime"/> runs when the watermark reaches it.</summary>
    /// <param name="time">The event time.</param>
    public abstract void RegisterEventTimeTimer(long time);

    /// <summary>Deletes an event-time timer of the key and window (no-op if it is not pending).</summary>
    /// <param name="time">The event time.</param>
    public abstract void DeleteEventTimeTimer(long time);

    /// <summary>Registers a processing-time timer for the key and window: <see cref="WindowTrigger{TIn}.OnProcessingTime"/> runs when the clock reaches it.</summary>
    /// <param name="time">The processing time, in Unix milliseconds.</param>
    public abstract void RegisterProcessingTimeTimer(long time);

    /// <summary>Deletes a processing-time timer of the key and window (no-op if it is not pending).</summary>
    /// <param name="time">The processing time.</param>
    public abstract void DeleteProcessingTimeTimer(long time);

    /// <summary>
    /// The trigger's state of that name for the key and window (checkpointed with the operator). The
    /// handle acts on the key and window the trigger is called for; clear it in
    /// <see cref="WindowTrigger{TIn}.Clear"/>. Names starting with <c>window-</c> are the operator's.
    /// </summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="descriptor">The state's name.</param>
    /// <returns>The handle.</returns>
    public abstract ValueState<T> GetState<T>(ValueStateDescriptor<T> descriptor);

    /// <summary>
    /// In <see cref="WindowTrigger{TIn}.OnMerge"/>: combines the state of that name of the
    /// <see cref="MergedWindows"/> into the trigger's window (as Flink's <c>mergePartitionedState</c>).
    /// </summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="descriptor">The state's name.</param>
    /// <param name="merge">Combines two values.</param>
    public abstract void MergeState<T>(ValueStateDescriptor<T> descriptor, Func<T, T, T> merge);
}
