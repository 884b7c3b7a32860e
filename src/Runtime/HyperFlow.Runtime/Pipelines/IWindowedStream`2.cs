using HyperFlow.Windows;

namespace HyperFlow;

/// <summary>
/// A keyed stream cut into windows in a pipeline declaration (see <see cref="IKeyedStream{TKey, T}.Window"/>):
/// configure lateness, the trigger and the late side output, then say what each window computes with
/// <see cref="Aggregate{TAcc}(AggregateFunction{TAcc, T})"/>, <see cref="Reduce"/> or <see cref="Process{TOut}"/>.
/// Semantics are Apache Flink's <c>WindowedStream</c>.
/// </summary>
/// <remarks>
/// Every result is a <see cref="WindowResult{TKey, TOut}"/> (key, window, value) and, on a stream with
/// timestamps, carries the timestamp <see cref="TimeWindow.MaxTimestamp"/> (window end − 1) downstream.
/// Arguments are read at build time, so lateness and counts must be constants.
/// </remarks>
/// <example>
/// <code>
/// [Pipeline]
/// static void Define(IPipelineBuilder p) => p
///     .From&lt;Trade&gt;("trades")
///     .Timestamps(TimeOf, maxOutOfOrderMs: 2_000)
///     .KeyBy(Account)
///     .Window(TumblingWindows.OfMilliseconds(60_000))
///     .AllowedLateness(10_000)
///     .LateData(late =&gt; late.To("late-trades"))
///     .Aggregate&lt;long&gt;(AddNotional)
///     .To("totals-per-minute");
/// </code>
/// </example>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="T">The event type.</typeparam>
public interface IWindowedStream<TKey, T>
    where TKey : notnull
{
    /// <summary>
    /// Keeps event-time windows for <paramref name="lateMs"/> after they fire: an element that arrives
    /// within that time fires its window again with the updated result (a late firing); later ones go
    /// to <see cref="LateData"/> or are counted in the metric <c>hyperflow.window.late_dropped</c>.
    /// </summary>
    /// <param name="lateMs">The allowed lateness in milliseconds of event time; a constant, 0 (the default) or more.</param>
    /// <returns>The same windowed stream.</returns>
    IWindowedStream<TKey, T> AllowedLateness(long lateMs);

    /// <summary>Fires the windows with a custom trigger instead of the assigner's default (Flink's <c>trigger(...)</c>).</summary>
    /// <typeparam name="TTrigger">The trigger, created once per subtask with <c>new TTrigger()</c>.</typeparam>
    /// <param name="purging">Whether every firing also drops the window's contents (Flink's <c>PurgingTrigger</c>); a constant.</param>
    /// <returns>The same windowed stream.</returns>
    IWindowedStream<TKey, T> Trigger<TTrigger>(bool purging = false)
        where TTrigger : WindowTrigger<T>, new();

    /// <summary>
    /// Fires a window every <paramref name="count"/> elements (<see cref="CountTrigger{TIn}"/>). With
    /// <see cref="GlobalWindows"/> and <paramref name="purging"/> it makes Flink's count windows.
    /// </summary>
    /// <param name="count">The number of elements between firings; a constant, 1 or more.</param>
    /// <param name="purging">Whether every firing also drops the window's contents; a constant.</param>
    /// <returns>The same windowed stream.</returns>
    IWindowedStream<TKey, T> CountTrigger(long count, bool purging = false);

    /// <summary>
    /// Sends elements that arrive after their windows are gone (later than the allowed lateness) to a
    /// stream of their own instead of dropping them (Flink's <c>sideOutputLateData</c>). Each keeps its
    /// timestamp.
    /// </summary>
    /// <param name="late">
    /// The late stream's pipeline: a lambda whose body continues the stream with map, filter and
    /// flat-map operators and ends in a sink, such as <c>late =&gt; late.To("late-trades")</c>. It runs in
    /// the window's chain.
    /// </param>
    /// <returns>The same windowed stream.</returns>
    IWindowedStream<TKey, T> LateData(Action<IStream<T>> late);

    /// <summary>
    /// Folds each window's elements as they arrive with an <see cref="AggregateAttribute"/> method (the
    /// accumulator starts at <c>default</c>) and emits the accumulator when the window fires. Enough for
    /// tumbling and global windows; sliding and session windows merge accumulators, so they need the
    /// overload with a merge.
    /// </summary>
    /// <typeparam name="TAcc">The accumulator type, which is also the result.</typeparam>
    /// <param name="aggregate">The aggregate method (a method group).</param>
    /// <returns>The stream of window results.</returns>
    IStream<WindowResult<TKey, TAcc>> Aggregate<TAcc>(AggregateFunction<TAcc, T> aggregate);

    /// <summary>
    /// Folds each window's elements as they arrive, and combines the accumulators of parts of a window
    /// with a <see cref="MergeAttribute"/> method: sliding windows merge their slices, session windows
    /// merge when they touch.
    /// </summary>
    /// <typeparam name="TAcc">The accumulator type, which is also the result.</typeparam>
    /// <param name="aggregate">The aggregate method (a method group).</param>
    /// <param name="merge">The merge method (a method group): associative, with the same result in any order of the parts.</param>
    /// <returns>The stream of window results.</returns>
    IStream<WindowResult<TKey, TAcc>> Aggregate<TAcc>(AggregateFunction<TAcc, T> aggregate, MergeFunction<TAcc> merge);

    /// <summary>
    /// Reduces each window's elements as they arrive with a <see cref="ReduceAttribute"/> method (the
    /// first element is the window's value) and emits the value when the window fires. Works for
    /// every kind of window (parts merge by reducing).
    /// </summary>
    /// <param name="reduce">The reduce method (a method group).</param>
    /// <returns>The stream of window results.</returns>
    IStream<WindowResult<TKey, T>> Reduce(ReduceFunction<T> reduce);

    /// <summary>
    /// Keeps each window's elements and hands them, with the window's metadata, to a
    /// <see cref="ProcessWindowAttribute"/> method when the window fires (Flink's
    /// <c>ProcessWindowFunction</c>). Every output is a result of the key and window. Prefer an
    /// incremental aggregate or reduce when one will do: they keep one value per window.
    /// </summary>
    /// <typeparam name="TOut">The output type.</typeparam>
    /// <param name="process">The process method (a method group).</param>
    /// <returns>The stream of window results.</returns>
    IStream<WindowResult<TKey, TOut>> Process<TOut>(ProcessWindowFunction<TKey, T, TOut> process);
}
