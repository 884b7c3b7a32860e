namespace HyperFlow.PerfHarness.Rings;

/// <summary>
/// The event every ring case moves: 16 bytes, a typical size for a keyed record reference or a
/// (timestamp, value) pair, so four share a cache line and the figures are comparable across cases.
/// </summary>
/// <param name="Sequence">The event's number within its run; consumers sum it into the checksum.</param>
/// <param name="Value">A payload (a key, or a send timestamp in the latency cases).</param>
internal readonly record struct Event16(long Sequence, long Value);
