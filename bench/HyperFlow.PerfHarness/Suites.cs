using HyperFlow.Bench;
using HyperFlow.PerfHarness.Rings;

namespace HyperFlow.PerfHarness;

/// <summary>The cases the harness knows, by suite: throughput cases (events/s) and latency cases (ns percentiles).</summary>
internal static class Suites
{
    public static IReadOnlyList<PerfCase> All { get; } =
    [
        new(
            "trade-monitor/p1",
            "TradeMonitor job, 1 task slot (source, chains and sink on one thread, exchange through a ring)",
            "hand-written loop (1 thread, on the slot's CPU)",
            events => TradeMonitorRuns.RunHyperFlow(events, parallelism: 1),
            SlotCpuPeer.Of(TradeMonitorRuns.RunHandWritten)),
        new(
            "trade-monitor/p2",
            "TradeMonitor job, 2 task slots (keyed shuffle across threads)",
            "hand-written loop (1 thread)",
            events => TradeMonitorRuns.RunHyperFlow(events, parallelism: 2),
            TradeMonitorRuns.RunHandWritten),
        new(
            "windows/tumbling-1s",
            "1 s tumbling event-time windows, sum per key, 1,000 keys, 1,000,000 events per window in timestamp order; 1 task slot",
            "hand-written loop (1 thread, on the slot's CPU)",
            WindowRuns.RunTumbling,
            SlotCpuPeer.Of(HandWrittenTumblingSum.Run)),
        new(
            "windows/sliding-10s-1s",
            "10 s windows every 1 s (sliding, event time), sum per key, same events; 1 task slot",
            "HyperFlow, 1 s tumbling windows",
            WindowRuns.RunSlidingValueSum,
            WindowRuns.RunTumblingValueSum),
        .. RingCases.Throughput,
        .. FasterCases.Throughput,
    ];

    public static IReadOnlyList<LatencyCase> Latency { get; } = RingCases.Latency;

    public static IEnumerable<string> Names => All.Select(c => c.Name).Concat(Latency.Select(c => c.Name));

    /// <summary>The throughput cases among <paramref name="names"/>; all of them when none is named.</summary>
    /// <exception cref="ArgumentException">A name is neither a throughput nor a latency case.</exception>
    public static IReadOnlyList<PerfCase> Select(string[] names)
    {
        ThrowIfUnknown(names);
        return names.Length == 0 ? All : [.. All.Where(c => names.Contains(c.Name))];
    }

    /// <summary>The latency cases among <paramref name="names"/>; all of them when none is named.</summary>
    /// <exception cref="ArgumentException">A name is neither a throughput nor a latency case.</exception>
    public static IReadOnlyList<LatencyCase> SelectLatency(string[] names)
    {
        ThrowIfUnknown(names);
        return names.Length == 0 ? Latency : [.. Latency.Where(c => names.Contains(c.Name))];
    }

    private static void ThrowIfUnknown(string[] names)
    {
        var unknown = names.Where(n => !Names.Contains(n)).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException(
                $"Unknown case(s): {string.Join(", ", unknown)}. Known cases: {string.Join(", ", Names)}.");
        }
    }
}
