using System.Runtime.InteropServices;

namespace HyperFlow.Storage.Tests.State;

/// <summary>
/// The same 24 bytes as <see cref="RawPosition"/>, but with a serializer registered for it
/// (<see cref="SerializedPositionSerializer"/>), so restores take the path through the serializer.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct SerializedPosition(long Price, long Quantity, long Trades);
