using System.Runtime.InteropServices;

namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>
/// The keyed state the checkpoint figures are measured on: a trading position per account, 24 bytes,
/// no padding, so its raw bytes are exactly what a checkpoint stores.
/// </summary>
/// <param name="LastPriceMicros">The last traded price in millionths of the currency (a cent grid, $1 to $500): the top 4 bytes are zero.</param>
/// <param name="NetQuantity">Net units held, -5,000 to 5,000: mostly 0x00 or 0xFF high bytes.</param>
/// <param name="Trades">Trades seen, 1 to 10,000: six zero bytes.</param>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
internal readonly record struct AccountPosition(long LastPriceMicros, long NetQuantity, long Trades);
