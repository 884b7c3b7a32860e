namespace HyperFlow.Storage.State;

/// <summary>
/// An <see cref="IAggregateFunction{TIn, TAcc, TOut}"/> whose accumulators can be combined, as in
/// Apache Flink's <c>AggregateFunction.merge</c>: sliding windows keep one accumulator per slice and
/// merge the slices of a window when it fires, and session windows merge when they grow together.
/// Implement it on a struct, so the calls are inlined.
/// </summary>
/// <typeparam name="TIn">The input type.</typeparam>
/// <typeparam name="TAcc">The accumulator type.</typeparam>
/// <typeparam name="TOut">The result type.</typeparam>
public interface IMergingAggregateFunction<TIn, TAcc, TOut> : IAggregateFunction<TIn, TAcc, TOut>
{
    /// <summary>
    /// Combines two accumulators into one that holds the inputs of both. It must be associative, and
    /// give the same result whatever the order of the inputs (sliding windows merge in time order,
    /// not in arrival order).
    /// </summary>
    /// <param name="left">An accumulator (of the earlier inputs, when there is an order).</param>
    /// <param name="right">Another accumulator.</param>
    /// <returns>The combined accumulator.</returns>
    TAcc Merge(in TAcc left, in TAcc right);
}
