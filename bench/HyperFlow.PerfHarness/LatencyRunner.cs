using System.Globalization;
using HdrHistogram;

namespace HyperFlow.PerfHarness;

/// <summary>
/// Runs latency cases like <see cref="Runner"/> runs throughput cases: one warm-up run of each side,
/// then HyperFlow and peer alternated run by run (H P, P H, ...), each run into a fresh histogram.
/// </summary>
internal static class LatencyRunner
{
    /// <summary>The largest latency a histogram tracks (10 s); larger values are recorded as this.</summary>
    public const long HighestTrackableNanoseconds = 10_000_000_000;

    // Three significant digits: 0.1% resolution at every magnitude, a few hundred KB per histogram.
    private const int SignificantDigits = 3;

    public static LatencyCaseResult Run(LatencyCase latencyCase, long messages, int runs, TextWriter log)
    {
        log.WriteLine($"{latencyCase.Name}: {latencyCase.Description}; peer: {latencyCase.PeerName}; {messages:N0} messages x {runs} runs");
        long expected = latencyCase.Peer(messages, NewHistogram());
        Alternation.RequireSameWork(latencyCase.Name, latencyCase.HyperFlow(messages, NewHistogram()), expected);

        (List<Percentiles> hyperFlow, List<Percentiles> peer) = Alternation.Run(
            runs,
            () => Measure(latencyCase.HyperFlow, messages, expected, latencyCase.Name),
            () => Measure(latencyCase.Peer, messages, expected, latencyCase.Name),
            (run, h, p) => log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  run {run + 1,2}: HyperFlow {h}   peer {p}   (ns p50/p99/p99.9/max)")));

        return new LatencyCaseResult(
            latencyCase.Name,
            latencyCase.Description,
            latencyCase.PeerName,
            messages,
            runs,
            Summarise(hyperFlow),
            Summarise(peer),
            Stats.Of([.. hyperFlow.Zip(peer, (h, p) => h.P50 / p.P50)]),
            Stats.Of([.. hyperFlow.Zip(peer, (h, p) => h.P99 / p.P99)]));
    }

    private static LongHistogram NewHistogram() => new(HighestTrackableNanoseconds, SignificantDigits);

    private static Percentiles Measure(Func<long, LongHistogram, long> body, long messages, long expected, string name)
    {
        LongHistogram histogram = NewHistogram();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long checksum = body(messages, histogram);
        if (checksum != expected)
        {
            throw new InvalidOperationException($"{name}: checksum {checksum} differs from {expected} of the first run.");
        }

        if (histogram.TotalCount != messages)
        {
            throw new InvalidOperationException($"{name}: {histogram.TotalCount} latencies recorded for {messages} messages; the case must record one per message.");
        }

        // A percentile of 0 ns (below the clock's resolution) would make the ratios infinite.
        return new Percentiles(
            Math.Max(1, histogram.GetValueAtPercentile(50)),
            Math.Max(1, histogram.GetValueAtPercentile(99)),
            Math.Max(1, histogram.GetValueAtPercentile(99.9)),
            Math.Max(1, histogram.GetMaxValue()));
    }

    private static LatencyStats Summarise(List<Percentiles> runs) => new(
        Stats.Of([.. runs.Select(r => r.P50)]),
        Stats.Of([.. runs.Select(r => r.P99)]),
        Stats.Of([.. runs.Select(r => r.P999)]),
        Stats.Of([.. runs.Select(r => r.Max)]));

    private readonly record struct Percentiles(double P50, double P99, double P999, double Max)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{P50,8:F0} /{P99,9:F0} /{P999,9:F0} /{Max,10:F0}");
    }
}
