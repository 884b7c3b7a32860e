namespace HyperFlow;

/// <summary>The shape of a <see cref="TimestampAttribute"/> method.</summary>
/// <typeparam name="T">The event type.</typeparam>
/// <param name="value">The event.</param>
/// <returns>The event's timestamp.</returns>
public delegate long TimestampFunction<T>(in T value);
