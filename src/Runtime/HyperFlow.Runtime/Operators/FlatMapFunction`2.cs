namespace HyperFlow;

/// <summary>The shape of a <see cref="FlatMapAttribute"/> method.</summary>
/// <typeparam name="TIn">The input event type.</typeparam>
/// <typeparam name="TOut">The output event type.</typeparam>
/// <param name="value">The input event.</param>
/// <param name="output">Where to emit zero or more outputs.</param>
public delegate void FlatMapFunction<TIn, TOut>(in TIn value, Collector<TOut> output);
