namespace HyperFlow;

/// <summary>The shape of a <see cref="FilterAttribute"/> method.</summary>
/// <typeparam name="T">The event type.</typeparam>
/// <param name="value">The event.</param>
/// <returns><c>true</c> to keep the event.</returns>
public delegate bool FilterFunction<T>(in T value);
