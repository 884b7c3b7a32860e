namespace HyperFlow.PerfHarness;

/// <summary>
/// Runs HyperFlow and its peer alternately (H P, P H, H P, ...), so that both sides meet the same
/// machine conditions and a drift in machine speed cancels out pair by pair.
/// </summary>
internal static class Alternation
{
    /// <summary>Throws unless both sides produced the same checksum: otherwise they did not do the same work.</summary>
    public static void RequireSameWork(string caseName, long hyperFlow, long peer)
    {
        if (hyperFlow != peer)
        {
            throw new InvalidOperationException($"{caseName}: HyperFlow produced checksum {hyperFlow}, the peer {peer}; the two sides do not do the same work.");
        }
    }

    /// <summary>Measures both sides <paramref name="runs"/> times, alternating which goes first.</summary>
    /// <returns>The HyperFlow and peer measurements, pair by pair.</returns>
    public static (List<T> HyperFlow, List<T> Peer) Run<T>(int runs, Func<T> hyperFlow, Func<T> peer, Action<int, T, T> report)
    {
        var h = new List<T>(runs);
        var p = new List<T>(runs);
        for (int run = 0; run < runs; run++)
        {
            T first = run % 2 == 0 ? hyperFlow() : peer();
            T second = run % 2 == 0 ? peer() : hyperFlow();
            (T hr, T pr) = run % 2 == 0 ? (first, second) : (second, first);
            h.Add(hr);
            p.Add(pr);
            report(run, hr, pr);
        }

        return (h, p);
    }
}
