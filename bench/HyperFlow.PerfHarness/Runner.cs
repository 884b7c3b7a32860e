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
        Alternation.RequireSameWork(perfCase.Name, perfCase.HyperFlow(events), expected);

        (List<double> hyperFlow, List<double> peer) = Alternation.Run(
            runs,
            () => Measure(perfCase.HyperFlow, events, expected, perfCase.Name),
            () => Measure(perfCase.Peer, events, expected, perfCase.Name),
            (run, h, p) => log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  run {run + 1,2}: HyperFlow {h / 1e6,8:0.0##} M ev/s   peer {p / 1e6,8:0.0##} M ev/s   ratio {h / p:F2}")));
        List<double> ratios = [.. hyperFlow.Zip(peer, static (h, p) => h / p)];

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
