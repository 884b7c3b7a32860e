namespace HyperFlow.PerfHarness;

/// <summary>
/// Latency percentiles of one side, in nanoseconds: each percentile's min, median and max over the
/// measured runs (the median is the figure to quote).
/// </summary>
/// <param name="P50">The median latency.</param>
/// <param name="P99">The 99th percentile.</param>
/// <param name="P999">The 99.9th percentile.</param>
/// <param name="Max">The largest latency seen in a run.</param>
internal sealed record LatencyStats(Stats P50, Stats P99, Stats P999, Stats Max);
