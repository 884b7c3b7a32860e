namespace HyperFlow;

/// <summary>A stream of events in a pipeline declaration (see <see cref="IPipelineBuilder"/>).</summary>
/// <typeparam name="T">The event type.</typeparam>
public interface IStream<T>
{
    /// <summary>Transforms each event with a <see cref="MapAttribute"/> method.</summary>
    /// <typeparam name="TOut">The output event type.</typeparam>
    /// <param name="map">The map method (a method group).</param>
    /// <returns>The mapped stream.</returns>
    IStream<TOut> Map<TOut>(MapFunction<T, TOut> map);

    /// <summary>Transforms each event into zero or more events with a <see cref="FlatMapAttribute"/> method.</summary>
    /// <typeparam name="TOut">The output event type.</typeparam>
    /// <param name="flatMap">The flat-map method (a method group).</param>
    /// <returns>The stream of outputs.</returns>
    IStream<TOut> FlatMap<TOut>(FlatMapFunction<T, TOut> flatMap);

    /// <summary>Keeps the events for which a <see cref="FilterAttribute"/> method returns <c>true</c>.</summary>
    /// <param name="filter">The filter method (a method group).</param>
    /// <returns>The filtered stream.</returns>
    IStream<T> Filter(FilterFunction<T> filter);

    /// <summary>
    /// Gives every event an event-time timestamp with a <see cref="TimestampAttribute"/> method and
    /// generates watermarks for events at most <paramref name="maxOutOfOrderMs"/> out of order
    /// (<see cref="BoundedOutOfOrdernessWatermarks{T}"/>; 0, the default, for ascending timestamps).
    /// </summary>
    /// <param name="timestamp">The timestamp method (a method group).</param>
    /// <param name="maxOutOfOrderMs">
    /// How far an event's timestamp may trail the largest timestamp seen before it, in the timestamps'
    /// unit: the watermark is that largest timestamp minus this bound minus 1. A constant, 0 or more.
    /// </param>
    /// <param name="idleTimeoutMs">
    /// After how many milliseconds of processing time without events a source partition is idle and
    /// stops holding back the watermark; 0 (the default) never. A constant, 0 or more.
    /// </param>
    /// <returns>The same stream, with timestamps.</returns>
    /// <remarks>
    /// Declare it once, between <see cref="IPipelineBuilder.From{T}(string)"/> and the first exchange:
    /// watermarks are generated per source partition and merged as the minimum over the subtask's
    /// partitions. Downstream operators keep each event's timestamp (map, filter, flat-map, key-by,
    /// aggregate and reduce pass on the timestamp of the event they got).
    /// </remarks>
    /// <example>
    /// <code>
    /// [Timestamp] static long TimeOf(in Trade t) => t.TimeMs;
    ///
    /// [Pipeline]
    /// static void Define(IPipelineBuilder p) => p
    ///     .From&lt;Trade&gt;("trades")
    ///     .Timestamps(TimeOf, maxOutOfOrderMs: 2_000, idleTimeoutMs: 30_000)
    ///     .KeyBy(Account).Aggregate&lt;long&gt;(Add)
    ///     .To("totals");
    /// </code>
    /// </example>
    IStream<T> Timestamps(TimestampFunction<T> timestamp, long maxOutOfOrderMs = 0, long idleTimeoutMs = 0);

    /// <summary>
    /// Gives every event an event-time timestamp with a <see cref="TimestampAttribute"/> method and
    /// generates watermarks with a custom <see cref="IWatermarkGenerator{T}"/>, one per source partition.
    /// </summary>
    /// <typeparam name="TGenerator">The generator: a struct, created per source partition with <c>new TGenerator()</c>.</typeparam>
    /// <param name="timestamp">The timestamp method (a method group).</param>
    /// <param name="idleTimeoutMs">
    /// After how many milliseconds of processing time without events a source partition is idle and
    /// stops holding back the watermark; 0 (the default) never. A constant, 0 or more.
    /// </param>
    /// <returns>The same stream, with timestamps.</returns>
    /// <remarks>The same rules as <see cref="Timestamps(TimestampFunction{T}, long, long)"/> apply.</remarks>
    IStream<T> Timestamps<TGenerator>(TimestampFunction<T> timestamp, long idleTimeoutMs = 0)
        where TGenerator : struct, IWatermarkGenerator<T>;

    /// <summary>Partitions the stream by the key a <see cref="KeyByAttribute"/> method returns.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <param name="key">The key selector (a method group).</param>
    /// <returns>The keyed stream.</returns>
    IKeyedStream<TKey, T> KeyBy<TKey>(KeySelector<T, TKey> key)
        where TKey : notnull;

    /// <summary>
    /// Deals the events round-robin over all subtasks of the next operators (a rebalance exchange), to
    /// even out skewed sources. Ends the current chain.
    /// </summary>
    /// <returns>The same stream, after the exchange.</returns>
    IStream<T> Rebalance();

    /// <summary>Sends every event to every subtask of the next operators (a broadcast exchange). Ends the current chain.</summary>
    /// <returns>The same stream, after the exchange.</returns>
    IStream<T> Broadcast();

    /// <summary>
    /// Sends the events of subtask i to subtask i of the next operators through a ring (a forward
    /// exchange): ends the current chain without repartitioning.
    /// </summary>
    /// <returns>The same stream, after the exchange.</returns>
    IStream<T> Forward();

    /// <summary>
    /// Continues the side output <paramref name="tag"/> of the operator just before (a keyed process
    /// function, which emits to it with <see cref="ProcessContext{TKey}.Output{T}(OutputTag{T}, in T)"/>)
    /// with a pipeline of its own, and goes on with the main stream. The side output's stream keeps
    /// the records' timestamps and watermarks and can be mapped, filtered, keyed and processed like
    /// any stream; it runs in a chain of its own, fed through a ring on the same slot.
    /// </summary>
    /// <typeparam name="TSide">The side output's record type.</typeparam>
    /// <param name="tag">The side output: a <c>static readonly</c> <see cref="OutputTag{T}"/> field with a constant name.</param>
    /// <param name="branch">The side output's pipeline: a lambda that continues its parameter and ends in a sink, such as <c>late =&gt; late.To("late")</c>.</param>
    /// <returns>The same (main) stream.</returns>
    /// <example>
    /// <code>
    /// .KeyBy(Account)
    /// .Process&lt;FraudCheck, Payment&gt;()
    /// .SideOutput(Suspicious, s =&gt; s.Map(ToAlert).To("alerts"))
    /// .To("accepted");
    /// </code>
    /// </example>
    IStream<T> SideOutput<TSide>(OutputTag<TSide> tag, Action<IStream<TSide>> branch);

    /// <summary>Declares a sink: the events are written to the sink bound under <paramref name="sink"/>.</summary>
    /// <param name="sink">The sink's name, which is also its operator uid.</param>
    void To(string sink);
}
