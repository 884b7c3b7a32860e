namespace HyperFlow.Windows;

/// <summary>
/// Decides when a window emits its result and when its contents are dropped, as Flink's
/// <c>Trigger</c>: it is called for every element added to a window and for every timer it registered,
/// and returns <see cref="TriggerResult.Continue"/>, <see cref="TriggerResult.Fire"/>,
/// <see cref="TriggerResult.Purge"/> or <see cref="TriggerResult.FireAndPurge"/>. Built in:
/// <see cref="EventTimeTrigger{TIn}"/> (the default of event-time windows),
/// <see cref="ProcessingTimeTrigger{TIn}"/> (of processing-time windows), <see cref="CountTrigger{TIn}"/>
/// and <see cref="PurgingTrigger{TIn}"/>. A window's state is cleaned up by the operator at its cleanup
/// time whatever the trigger does.
/// </summary>
/// <example>
/// Fire early every 100 elements and at the end of the window:
/// <code>
/// sealed class EarlyTrigger : WindowTrigger&lt;Trade&gt;
/// {
///     static readonly ValueStateDescriptor&lt;long&gt; s_count = new("early-count");
///     public override TriggerResult OnElement(in Trade trade, long timestamp, TimeWindow window, TriggerContext context)
///     {
///         context.RegisterEventTimeTimer(window.MaxTimestamp);
///         var count = context.GetState(s_count);
///         long n = count.GetValueOrDefault() + 1;
///         count.Update(n);
///         return n % 100 == 0 ? TriggerResult.Fire : TriggerResult.Continue;
///     }
///     public override TriggerResult OnEventTime(long time, TimeWindow window, TriggerContext context)
///         =&gt; time == window.MaxTimestamp ? TriggerResult.Fire : TriggerResult.Continue;
///     public override TriggerResult OnProcessingTime(long time, TimeWindow window, TriggerContext context) =&gt; TriggerResult.Continue;
///     public override void Clear(TimeWindow window, TriggerContext context)
///     {
///         context.DeleteEventTimeTimer(window.MaxTimestamp);
///         context.GetState(s_count).Clear();
///     }
/// }
/// </code>
/// </example>
/// <typeparam name="TIn">The element type.</typeparam>
public abstract class WindowTrigger<TIn>
{
    /// <summary>Whether the trigger supports merging windows (required with session windows).</summary>
    public virtual bool CanMerge => false;

    /// <summary>Called for every element added to a window.</summary>
    /// <param name="element">The element.</param>
    /// <param name="timestamp">Its event timestamp.</param>
    /// <param name="window">The window it was added to.</param>
    /// <param name="context">Timers, clocks and state of the key and window.</param>
    /// <returns>What happens to the window.</returns>
    public abstract TriggerResult OnElement(in TIn element, long timestamp, TimeWindow window, TriggerContext context);

    /// <summary>Called when an event-time timer of the window fires.</summary>
    /// <param name="time">The timer's time.</param>
    /// <param name="window">The window.</param>
    /// <param name="context">Timers, clocks and state of the key and window.</param>
    /// <returns>What happens to the window.</returns>
    public abstract TriggerResult OnEventTime(long time, TimeWindow window, TriggerContext context);

    /// <summary>Called when a processing-time timer of the window fires.</summary>
    /// <param name="time">The timer's time.</param>
    /// <param name="window">The window.</param>
    /// <param name="context">Timers, clocks and state of the key and window.</param>
    /// <returns>What happens to the window.</returns>
    public abstract TriggerResult OnProcessingTime(long time, TimeWindow window, TriggerContext context);

    /// <summary>
    /// Called when windows merge into <paramref name="window"/> (<see cref="TriggerContext.MergedWindows"/>):
    /// register the timers the merged window needs and merge state. <see cref="Clear"/> is called for
    /// each merged window afterwards.
    /// </summary>
    /// <param name="window">The window the others merged into.</param>
    /// <param name="context">Timers, clocks and state of the key and window.</param>
    /// <exception cref="NotSupportedException">The trigger does not support merging (<see cref="CanMerge"/> is <c>false</c>).</exception>
    public virtual void OnMerge(TimeWindow window, TriggerContext context)
        => throw new NotSupportedException($"Trigger {GetType().Name} does not support merging windows; override CanMerge and OnMerge to use it with session windows.");

    /// <summary>Called when the window is cleaned up or merged away: delete its timers and clear its state.</summary>
    /// <param name="window">The window.</param>
    /// <param name="context">Timers, clocks and state of the key and window.</param>
    public abstract void Clear(TimeWindow window, TriggerContext context);
}
