namespace HyperFlow.EndToEnd.Tests.Windows;

/// <summary>A sensor reading: the event of the windowed end-to-end jobs.</summary>
public readonly record struct Reading(long Sensor, long Value, long TimeMs);
