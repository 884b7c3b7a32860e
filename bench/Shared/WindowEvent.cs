namespace HyperFlow.Bench;

/// <summary>An event of the window benchmarks: a key, a value to sum and an event time in milliseconds.</summary>
/// <param name="Key">The key (one of <see cref="WindowEventGenerator.Keys"/>).</param>
/// <param name="Value">The value summed per window.</param>
/// <param name="TimeMs">The event time.</param>
public readonly record struct WindowEvent(long Key, long Value, long TimeMs);
