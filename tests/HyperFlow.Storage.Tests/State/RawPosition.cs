using System.Runtime.InteropServices;

namespace HyperFlow.Storage.Tests.State;

/// <summary>A 24-byte value without references: stored as its raw bytes, so restores take the raw-bytes path.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct RawPosition(long Price, long Quantity, long Trades);
