namespace HyperFlow.Runtime.Tests.Timers;

/// <summary>A window-like timer namespace for the tests: unmanaged, equatable, 16 bytes without padding.</summary>
public readonly record struct TestWindow(long Start, long End);
