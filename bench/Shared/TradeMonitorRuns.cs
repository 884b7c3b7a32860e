using TradeMonitor;

namespace HyperFlow.Bench;

/// <summary>Runs the TradeMonitor job through HyperFlow, for benchmarks.</summary>
public static class TradeMonitorRuns
{
    /// <summary>Runs the job to the end of a bounded generator.</summary>
    /// <param name="events">The number of trades.</param>
    /// <param name="parallelism">The number of task slots.</param>
    /// <returns>The number of total updates the sink received.</returns>
    public static long RunHyperFlow(long events, int parallelism)
    {
        var sink = new TotalsSink(path: null);
        new JobHost(TradeMonitorJob.Definition, new JobOptions { Parallelism = parallelism })
            .BindSource("trades", new TradeGenerator(events))
            .BindSink("totals", sink)
            .RunAsync()
            .GetAwaiter()
            .GetResult();
        return sink.Updates;
    }

    /// <summary>Runs the hand-written peer.</summary>
    /// <param name="events">The number of trades.</param>
    /// <returns>The number of total updates.</returns>
    public static long RunHandWritten(long events) => HandWrittenTradeMonitor.Run(new TradeGenerator(events)).Updates;
}
