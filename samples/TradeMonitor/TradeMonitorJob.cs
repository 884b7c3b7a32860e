using HyperFlow;

namespace TradeMonitor;

/// <summary>
/// The README's main job: the running total of large trades per account.
/// trades → notional value → keep large ones → key by account → running sum → totals.
/// </summary>
[Job("trade-monitor")]
public static partial class TradeMonitorJob
{
    /// <summary>Trades worth more than this many cents count as large.</summary>
    public const long LargeTradeCents = 25_000_000;

    [Map]
    internal static Notional ToNotional(in Trade t) => new(t.Account, t.Price * t.Qty, t.TimeMs);

    [Filter]
    internal static bool IsLarge(in Notional n) => n.Value > LargeTradeCents;

    [KeyBy]
    internal static long Account(in Notional n) => n.Account;

    [Aggregate(Uid = "large-trade-totals")]
    internal static void Add(ref long total, in Notional n) => total += n.Value;

    [Pipeline]
    static void Define(IPipelineBuilder p) => p
        .From<Trade>("trades")
        .Map(ToNotional)
        .Filter(IsLarge)
        .KeyBy(Account)
        .Aggregate<long>(Add)
        .To("totals");
}
