namespace HyperFlow;

/// <summary>The shape of an <see cref="AggregateAttribute"/> method.</summary>
/// <typeparam name="TAcc">The accumulator type.</typeparam>
/// <typeparam name="T">The event type.</typeparam>
/// <param name="accumulator">The key's accumulator, <c>default</c> for a new key; updated in place.</param>
/// <param name="value">The event.</param>
public delegate void AggregateFunction<TAcc, T>(ref TAcc accumulator, in T value);
