using HdrHistogram;

namespace HyperFlow.PerfHarness;

/// <summary>
/// One latency comparison: a HyperFlow run and a peer exchanging the same messages, each recording
/// per-message latency in nanoseconds into the histogram it is given and returning a checksum (so the
/// two can be checked to agree).
/// </summary>
/// <param name="Name">The case's name, e.g. <c>latency/ping-pong/vs-channel</c>.</param>
/// <param name="Description">What the case measures.</param>
/// <param name="PeerName">What HyperFlow is compared with.</param>
/// <param name="HyperFlow">Runs HyperFlow over <c>messages</c> recorded messages.</param>
/// <param name="Peer">Runs the peer over <c>messages</c> recorded messages.</param>
internal sealed record LatencyCase(
    string Name,
    string Description,
    string PeerName,
    Func<long, LongHistogram, long> HyperFlow,
    Func<long, LongHistogram, long> Peer);
