using HyperFlow.Bench;

namespace HyperFlow.PerfHarness;

/// <summary>The cases the harness knows, by suite.</summary>
internal static class Suites
{
    public static IReadOnlyList<PerfCase> All { get; } =
    [
        new(
            "trade-monitor/p1",
            "TradeMonitor job, 1 task slot (source, chains and sink on one thread, exchange through a ring)",
            "hand-written loop (1 thread)",
            events => TradeMonitorRuns.RunHyperFlow(events, parallelism: 1),
            TradeMonitorRuns.RunHandWritten),
        new(
            "trade-monitor/p2",
            "TradeMonitor job, 2 task slots (keyed shuffle across threads)",
            "hand-written loop (1 thread)",
            events => TradeMonitorRuns.RunHyperFlow(events, parallelism: 2),
            TradeMonitorRuns.RunHandWritten),
    ];

    public static IReadOnlyList<PerfCase> Select(string[] names)
    {
        if (names.Length == 0)
        {
            return All;
        }

        var unknown = names.Where(n => All.All(c => c.Name != n)).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException(
                $"Unknown case(s): {string.Join(", ", unknown)}. Known cases: {string.Join(", ", All.Select(c => c.Name))}.");
        }

        return [.. All.Where(c => names.Contains(c.Name))];
    }
}
