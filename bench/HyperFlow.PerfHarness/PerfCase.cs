namespace HyperFlow.PerfHarness;

/// <summary>
/// One comparison: a HyperFlow run and a peer doing the same work, each processing a given number of
/// events and returning a checksum (so the two can be checked to agree and nothing is optimised away).
/// </summary>
/// <param name="Name">The case's name, e.g. <c>trade-monitor/p2</c>.</param>
/// <param name="Description">What the case measures.</param>
/// <param name="PeerName">What HyperFlow is compared with.</param>
/// <param name="HyperFlow">Runs HyperFlow over <c>events</c> events.</param>
/// <param name="Peer">Runs the peer over <c>events</c> events.</param>
internal sealed record PerfCase(string Name, string Description, string PeerName, Func<long, long> HyperFlow, Func<long, long> Peer);
