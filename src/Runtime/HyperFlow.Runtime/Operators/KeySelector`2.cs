namespace HyperFlow;

/// <summary>The shape of a <see cref="KeyByAttribute"/> method.</summary>
/// <typeparam name="T">The event type.</typeparam>
/// <typeparam name="TKey">The key type.</typeparam>
/// <param name="value">The event.</param>
/// <returns>The event's key.</returns>
public delegate TKey KeySelector<T, TKey>(in T value);
