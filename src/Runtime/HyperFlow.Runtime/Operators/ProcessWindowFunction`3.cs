using HyperFlow.Windows;

namespace HyperFlow;

/// <summary>The shape of a <see cref="ProcessWindowAttribute"/> method.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="T">The event type.</typeparam>
/// <typeparam name="TOut">The output type.</typeparam>
/// <param name="key">The window's key.</param>
/// <param name="context">The window (start, end), the watermark and the processing time when it fired.</param>
/// <param name="elements">The window's elements, in arrival order.</param>
/// <param name="output">Where the window's results go (zero or more).</param>
public delegate void ProcessWindowFunction<TKey, T, TOut>(in TKey key, in WindowContext context, ReadOnlySpan<T> elements, Collector<TOut> output);
