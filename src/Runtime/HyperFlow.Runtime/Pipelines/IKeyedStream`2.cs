namespace HyperFlow;

/// <summary>A stream partitioned by key in a pipeline declaration (see <see cref="IStream{T}.KeyBy{TKey}"/>).</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="T">The event type.</typeparam>
public interface IKeyedStream<TKey, T>
    where TKey : notnull
{
    /// <summary>
    /// Folds each event into its key's accumulator with an <see cref="AggregateAttribute"/> method and
    /// emits the updated accumulator after every event (a running aggregate).
    /// </summary>
    /// <typeparam name="TAcc">The accumulator type; a new key starts from <c>default</c>.</typeparam>
    /// <param name="aggregate">The aggregate method (a method group).</param>
    /// <returns>The stream of updated <c>(key, accumulator)</c> pairs.</returns>
    IStream<KeyedValue<TKey, TAcc>> Aggregate<TAcc>(AggregateFunction<TAcc, T> aggregate);

    /// <summary>
    /// Combines each event with its key's reduced value using a <see cref="ReduceAttribute"/> method and
    /// emits the new value after every event (a running reduce). The first event of a key is its value.
    /// </summary>
    /// <param name="reduce">The reduce method (a method group).</param>
    /// <returns>The stream of reduced values.</returns>
    IStream<T> Reduce(ReduceFunction<T> reduce);

    /// <summary>
    /// Handles each event with a keyed process function (Apache Flink's <c>KeyedProcessFunction</c>): a
    /// class whose <see cref="ProcessAttribute"/> method sees every event of the stream with its key's
    /// state current, can register timers for the key, and emits any number of outputs, and whose
    /// optional <see cref="OnTimerAttribute"/> method runs when those timers fire.
    /// </summary>
    /// <typeparam name="TFunction">
    /// The process function: a class with one <c>[Process] public void M(in T value, ProcessContext&lt;TKey&gt; context, Collector&lt;TOut&gt; output)</c>,
    /// at most one <c>[OnTimer] public void M(long time, TimerContext&lt;TKey&gt; context, Collector&lt;TOut&gt; output)</c>, and a public
    /// constructor taking its <c>KeyedStateStore&lt;TKey&gt;</c> (to create its state handles) or none.
    /// One instance is created per subtask.
    /// </typeparam>
    /// <typeparam name="TOut">The type of the function's outputs.</typeparam>
    /// <returns>The stream of outputs; on a stream with timestamps each carries the timestamp of the event (or event-time timer) that emitted it.</returns>
    /// <example>
    /// <code>
    /// [Pipeline]
    /// static void Define(IPipelineBuilder p) => p
    ///     .From&lt;Payment&gt;("payments")
    ///     .Timestamps(TimeOf, maxOutOfOrderMs: 1_000)
    ///     .KeyBy(Account)
    ///     .Process&lt;SumUntilIdle, Total&gt;()
    ///     .To("totals");
    /// </code>
    /// </example>
    IStream<TOut> Process<TFunction, TOut>()
        where TFunction : class;

    /// <summary>
    /// Cuts each key's events into windows (Flink's <c>window(...)</c>): give an assigner with constant
    /// arguments, such as <c>TumblingWindows.OfMilliseconds(60_000)</c>, <c>SlidingWindows.Of(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1))</c>,
    /// <c>SessionWindows.WithGap(TimeSpan.FromMinutes(30))</c>, <c>DynamicSessionWindows&lt;T&gt;.WithGap(GapOf)</c> with a
    /// <see cref="SessionGapAttribute"/> method, or <c>GlobalWindows.Instance</c> (with a trigger);
    /// <c>with { Time = WindowTime.ProcessingTime }</c> makes time windows follow the processing-time clock.
    /// Event-time windows need <see cref="IStream{T}.Timestamps(TimestampFunction{T}, long, long)"/> upstream.
    /// </summary>
    /// <param name="windows">The window assigner (see <see cref="Windows.WindowAssigner"/>).</param>
    /// <returns>The windowed stream: configure it, then aggregate, reduce or process each window.</returns>
    IWindowedStream<TKey, T> Window(Windows.WindowAssigner windows);
}
