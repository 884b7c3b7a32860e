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

    /// <summary>Declares a sink: the events are written to the sink bound under <paramref name="sink"/>.</summary>
    /// <param name="sink">The sink's name, which is also its operator uid.</param>
    void To(string sink);
}
