namespace HyperFlow;

/// <summary>The shape of a <see cref="MapAttribute"/> method.</summary>
/// <typeparam name="TIn">The input event type.</typeparam>
/// <typeparam name="TOut">The output event type.</typeparam>
/// <param name="value">The input event.</param>
/// <returns>The output event.</returns>
public delegate TOut MapFunction<TIn, TOut>(in TIn value);
