namespace HyperFlow;

/// <summary>The shape of a <see cref="ReduceAttribute"/> method.</summary>
/// <typeparam name="T">The event type.</typeparam>
/// <param name="accumulator">The key's reduced value so far.</param>
/// <param name="value">The new event of the key.</param>
/// <returns>The new reduced value.</returns>
public delegate T ReduceFunction<T>(in T accumulator, in T value);
