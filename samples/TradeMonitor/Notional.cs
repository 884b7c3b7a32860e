namespace TradeMonitor;

/// <summary>The value of a trade (price × quantity, in cents) and its account.</summary>
public readonly record struct Notional(long Account, long Value, long TimeMs);
