namespace HyperFlow;

/// <summary>The shape of a <see cref="SessionGapAttribute"/> method.</summary>
/// <typeparam name="T">The event type.</typeparam>
/// <param name="value">The event.</param>
/// <returns>The gap of the session window the event opens, in milliseconds (at least 1).</returns>
public delegate long SessionGapFunction<T>(in T value);
