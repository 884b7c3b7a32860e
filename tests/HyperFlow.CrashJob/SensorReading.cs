namespace HyperFlow.CrashJob;

/// <summary>A sensor reading: the event of the crash job.</summary>
/// <param name="Sensor">The sensor, the window key.</param>
/// <param name="Value">The value summed per window.</param>
/// <param name="TimeMs">The event time in milliseconds.</param>
internal readonly record struct SensorReading(long Sensor, long Value, long TimeMs);
