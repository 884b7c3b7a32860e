namespace HyperFlow;

/// <summary>A value together with the key it belongs to, as emitted by keyed aggregates.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
/// <param name="Key">The key.</param>
/// <param name="Value">The value.</param>
public readonly record struct KeyedValue<TKey, TValue>(TKey Key, TValue Value);
