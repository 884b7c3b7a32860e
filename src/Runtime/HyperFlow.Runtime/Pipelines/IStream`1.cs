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

    /// <summary>Declares a sink: the events are written to the sink bound under <paramref name="sink"/>.</summary>
    /// <param name="sink">The sink's name, which is also its operator uid.</param>
    void To(string sink);
}
