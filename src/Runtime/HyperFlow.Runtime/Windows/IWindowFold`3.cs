namespace HyperFlow.Windows;

/// <summary>
/// How a window folds its elements incrementally: the window operators keep one accumulator per key
/// and window (or slice) and call these methods with the fold inlined (implement it on a struct).
/// <see cref="AggregateFold{TIn, TAcc, TOut, TAggregate}"/>, <see cref="MergingAggregateFold{TIn, TAcc, TOut, TAggregate}"/>
/// and <see cref="ReduceFold{T, TReduce}"/> adapt HyperFlow's aggregate and reduce functions.
/// </summary>
/// <typeparam name="TIn">The element type.</typeparam>
/// <typeparam name="TAcc">The accumulator type (what is stored).</typeparam>
/// <typeparam name="TOut">The result type.</typeparam>
public interface IWindowFold<TIn, TAcc, TOut>
{
    /// <summary>
    /// Whether <see cref="Merge"/> is supported. Sliding windows (whose windows merge slices) and
    /// session windows need it; tumbling windows don't.
    /// </summary>
    bool CanMerge { get; }

    /// <summary>The accumulator of a window holding one element.</summary>
    /// <param name="value">The window's first element.</param>
    /// <returns>A new accumulator.</returns>
    TAcc First(in TIn value);

    /// <summary>Folds another element into an accumulator.</summary>
    /// <param name="accumulator">The accumulator, updated in place.</param>
    /// <param name="value">The element.</param>
    void Add(ref TAcc accumulator, in TIn value);

    /// <summary>Combines the accumulators of two parts of a window (associative; order-insensitive in effect).</summary>
    /// <param name="left">The accumulator of the earlier part.</param>
    /// <param name="right">The accumulator of the later part.</param>
    /// <returns>The accumulator of both.</returns>
    TAcc Merge(in TAcc left, in TAcc right);

    /// <summary>Reads a window's result from its accumulator.</summary>
    /// <param name="accumulator">The accumulator.</param>
    /// <returns>The result.</returns>
    TOut Result(in TAcc accumulator);
}
