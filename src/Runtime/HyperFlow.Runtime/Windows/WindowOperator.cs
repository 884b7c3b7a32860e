using HyperFlow.Storage.State;
using HyperFlow.Timers;

namespace HyperFlow.Windows;

/// <summary>Creates <see cref="WindowOperator{TKey, TIn, TOut}"/>s: with an incremental fold, or with a process function over the buffered elements.</summary>
/// <example>
/// <code>
/// // Sessions of clicks per user, closed after 30 minutes without a click, counted incrementally.
/// var sessions = WindowOperator.Aggregate&lt;long, Click, long, long, MergingAggregateFold&lt;Click, long, long, CountClicks&gt;&gt;(
///     store, timers, SessionWindows.WithGap(TimeSpan.FromMinutes(30)), output, allowedLateness: TimeSpan.FromMinutes(1));
/// </code>
/// </example>
public static class WindowOperator
{
    /// <summary>
    /// A window operator that folds each window's elements as they arrive. To restore, restore the
    /// store and the timer service's store first and pass the checkpointed <see cref="WindowOperator{TKey, TIn, TOut}.Watermark"/>.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TIn">The element type.</typeparam>
    /// <typeparam name="TAcc">The accumulator type.</typeparam>
    /// <typeparam name="TOut">The result type.</typeparam>
    /// <typeparam name="TFold">The fold; one that can merge for session windows.</typeparam>
    /// <param name="store">The subtask's store for window state, keyed by <see cref="WindowKey{TKey}"/>.</param>
    /// <param name="timers">The subtask's timer service, with windows as namespaces.</param>
    /// <param name="windows">The window assigner.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="trigger">The trigger; <c>null</c> for the assigner's default (event time, processing time, or never for global windows).</param>
    /// <param name="allowedLateness">How long after a window fires (in event time) late elements still update it.</param>
    /// <param name="lateOutput">Where elements later than that go; <c>null</c> counts them in <see cref="WindowOperator{TKey, TIn, TOut}.LateDropped"/>.</param>
    /// <param name="watermark">The operator's watermark when its state was checkpointed; <see cref="long.MinValue"/> for a new operator.</param>
    /// <returns>The operator.</returns>
    /// <exception cref="ArgumentException">Session windows with a trigger or fold that cannot merge.</exception>
    public static WindowOperator<TKey, TIn, TOut> Aggregate<TKey, TIn, TAcc, TOut, TFold>(
        KeyedStateStore<WindowKey<TKey>> store,
        TimerService<TKey, TimeWindow> timers,
        WindowAssigner windows,
        IWindowOutput<TKey, TOut> output,
        WindowTrigger<TIn>? trigger = null,
        TimeSpan allowedLateness = default,
        ILateElementOutput<TIn>? lateOutput = null,
        long watermark = long.MinValue)
        where TKey : notnull
        where TFold : struct, IWindowFold<TIn, TAcc, TOut>
        => new(store, timers, windows, static s => new FoldContents<TKey, TIn, TAcc, TOut, TFold>(s), output, trigger, allowedLateness, lateOutput, watermark);

    /// <summary>
    /// A window operator that buffers each window's elements and hands them to a process function,
    /// with the window's metadata, when the window fires.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TIn">The element type.</typeparam>
    /// <typeparam name="TOut">The result type.</typeparam>
    /// <param name="store">The subtask's store for window state, keyed by <see cref="WindowKey{TKey}"/>.</param>
    /// <param name="timers">The subtask's timer service, with windows as namespaces.</param>
    /// <param name="windows">The window assigner.</param>
    /// <param name="function">Computes a window's results from its elements.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="trigger">The trigger; <c>null</c> for the assigner's default.</param>
    /// <param name="allowedLateness">How long after a window fires (in event time) late elements still update it.</param>
    /// <param name="lateOutput">Where elements later than that go; <c>null</c> counts them in <see cref="WindowOperator{TKey, TIn, TOut}.LateDropped"/>.</param>
    /// <param name="watermark">The operator's watermark when its state was checkpointed; <see cref="long.MinValue"/> for a new operator.</param>
    /// <returns>The operator.</returns>
    /// <exception cref="ArgumentException">Session windows with a trigger that cannot merge.</exception>
    public static WindowOperator<TKey, TIn, TOut> Process<TKey, TIn, TOut>(
        KeyedStateStore<WindowKey<TKey>> store,
        TimerService<TKey, TimeWindow> timers,
        WindowAssigner windows,
        IProcessWindowFunction<TKey, TIn, TOut> function,
        IWindowOutput<TKey, TOut> output,
        WindowTrigger<TIn>? trigger = null,
        TimeSpan allowedLateness = default,
        ILateElementOutput<TIn>? lateOutput = null,
        long watermark = long.MinValue)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(store, timers, windows, s => new BufferContents<TKey, TIn, TOut>(s, function), output, trigger, allowedLateness, lateOutput, watermark);
    }
}
