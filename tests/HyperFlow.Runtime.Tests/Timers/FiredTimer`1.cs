using HyperFlow.Timers;

namespace HyperFlow.Runtime.Tests.Timers;

/// <summary>One timer as a target saw it fire.</summary>
public readonly record struct FiredTimer<TKey>(TKey Key, TestWindow Window, long Time, TimeDomain Domain);
