namespace HyperFlow.Windows;

/// <summary>
/// Computes a window's results from all its elements at once, with the window's metadata (Flink's
/// <c>ProcessWindowFunction</c>). The operator buffers the elements in list state until the window
/// fires; prefer an incremental fold (<see cref="IWindowFold{TIn, TAcc, TOut}"/>) when one will do.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TIn">The element type.</typeparam>
/// <typeparam name="TOut">The result type.</typeparam>
public interface IProcessWindowFunction<TKey, TIn, TOut>
{
    /// <summary>Computes the window's results; each one emitted is a <see cref="WindowResult{TKey, TOut}"/> of the key and window.</summary>
    /// <param name="key">The key.</param>
    /// <param name="context">The window, the watermark and the processing time.</param>
    /// <param name="elements">The window's elements (in arrival order, windows merged by sessions one after another).</param>
    /// <param name="output">Where the results go.</param>
    void Process(in TKey key, in WindowContext context, ReadOnlySpan<TIn> elements, Collector<TOut> output);
}
