namespace HyperFlow.PerfHarness;

/// <summary>
/// The outcome of one latency case: each side's percentiles over the measured runs, and the
/// HyperFlow/peer ratio of the p50 and p99 as the median of per-pair ratios (lower is better for
/// HyperFlow, unlike the throughput ratio).
/// </summary>
internal sealed record LatencyCaseResult(
    string Name,
    string Description,
    string PeerName,
    long Messages,
    int Runs,
    LatencyStats HyperFlowNanoseconds,
    LatencyStats PeerNanoseconds,
    Stats P50Ratio,
    Stats P99Ratio);
