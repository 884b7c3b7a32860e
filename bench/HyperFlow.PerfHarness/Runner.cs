using System.Diagnostics;
using System.Globalization;

namespace HyperFlow.PerfHarness;

/// <summary>
/// Runs cases with HyperFlow and its peer alternated run by run in this process (H P, P H, H P, ...),
/// after one warm-up run of each, so that both sides see the same machine conditions.
/// </summary>
internal static class Runner
{
    public static CaseResult Run(PerfCase perfCase, long events, int runs, TextWriter log)
    {
        log.WriteLine($"{perfCase.Name}: {perfCase.Description}; peer: {perfCase.PeerName}; {events:N0} events x {runs} runs");
        long expected = perfCase.Peer(events);
        long warm = perfCase.HyperFlow(events);
        if (warm != expected)
        {
            throw new InvalidOperationException($"{perfCase.Name}: HyperFlow produced checksum {warm}, the peer {expected}; the two sides do not do the same work.");
        }

        var hyperFlow = new List<double>();
        var peer = new List<double>();
        var ratios = new List<double>();
        for (int run = 0; run < runs; run++)
        {
            double h;
            double p;
            if (run % 2 == 0)
            {
                h = Measure(perfCase.HyperFlow, events, expected, perfCase.Name);
                p = Measure(perfCase.Peer, events, expected, perfCase.Name);
            }
            else
            {
                p = Measure(perfCase.Peer, events, expected, perfCase.Name);
                h = Measure(perfCase.HyperFlow, events, expected, perfCase.Name);
            }

            hyperFlow.Add(h);
            peer.Add(p);
            ratios.Add(h / p);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  run {run + 1,2}: HyperFlow {h / 1e6,8:F1} M ev/s   peer {p / 1e6,8:F1} M ev/s   ratio {h / p:F2}"));
        }

        return new CaseResult(perfCase.Name, perfCase.Description, perfCase.PeerName, events, runs, Stats.Of(hyperFlow), Stats.Of(peer), Stats.Of(ratios));
    }

    private static double Measure(Func<long, long> body, long events, long expected, string name)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var clock = Stopwatch.StartNew();
        long checksum = body(events);
        double seconds = clock.Elapsed.TotalSeconds;
        if (checksum != expected)
        {
            throw new InvalidOperationException($"{name}: checksum {checksum} differs from {expected} of the first run.");
        }

        return events / seconds;
    }
}
