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
}
