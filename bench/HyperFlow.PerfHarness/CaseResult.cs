namespace HyperFlow.PerfHarness;

/// <summary>
/// The outcome of one case: events/s of each side over the measured runs, and the ratio
/// HyperFlow/peer as the median of the per-pair ratios (each pair ran back to back, so a change in
/// machine speed between pairs cancels out).
/// </summary>
internal sealed record CaseResult(
    string Name,
    string Description,
    string PeerName,
    long Events,
    int Runs,
    Stats HyperFlowEventsPerSecond,
    Stats PeerEventsPerSecond,
    Stats Ratio);
