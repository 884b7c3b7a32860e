using System.Runtime.InteropServices;
using TradeMonitor;

namespace HyperFlow.Bench;

/// <summary>
/// The peer of the TradeMonitor job: the same work written by hand as one loop on one thread, the way a
/// careful engineer would without a stream processor. Same generator, same arithmetic, same per-update
/// upsert the job's sink does.
/// </summary>
public static class HandWrittenTradeMonitor
{
    /// <summary>Runs the loop over the generator's trades.</summary>
    /// <param name="generator">The trades.</param>
    /// <returns>The number of large trades (total updates) and the final totals.</returns>
    public static (long Updates, Dictionary<long, long> Totals) Run(TradeGenerator generator)
    {
        var running = new Dictionary<long, long>();
        var latest = new Dictionary<long, long>();
        long updates = 0;
        for (long i = 0; i < generator.Count; i++)
        {
            Trade trade = generator.At(i);
            long value = trade.Price * trade.Qty;
            if (value > TradeMonitorJob.LargeTradeCents)
            {
                ref long total = ref CollectionsMarshal.GetValueRefOrAddDefault(running, trade.Account, out _);
                total += value;
                CollectionsMarshal.GetValueRefOrAddDefault(latest, trade.Account, out _) = total;
                updates++;
            }
        }

        return (updates, latest);
    }
}
