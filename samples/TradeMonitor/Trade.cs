namespace TradeMonitor;

/// <summary>A trade: an account bought <see cref="Qty"/> units at <see cref="Price"/> (in cents) at <see cref="TimeMs"/>.</summary>
public readonly record struct Trade(long Account, long Price, int Qty, long TimeMs);
