namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>A fill folded into an <see cref="AccountPosition"/>: the price becomes the last price, the quantity adds to the position.</summary>
/// <param name="PriceMicros">The fill's price in millionths of the currency.</param>
/// <param name="Quantity">Units bought (positive) or sold (negative).</param>
internal readonly record struct TradeFill(long PriceMicros, long Quantity);
