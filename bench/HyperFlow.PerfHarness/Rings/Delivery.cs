using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace HyperFlow.PerfHarness.Rings;

/// <summary>Throws when a consumer sees an event out of order: the transport lost, duplicated or reordered events.</summary>
internal static class Delivery
{
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)] // Keeps the throw out of the consumers' hot loops.
    public static void ThrowOutOfOrder(string transport, long expected, long actual)
        => throw new InvalidOperationException(
            $"{transport}: the consumer expected event {expected} and got {actual}; the transport lost, duplicated or reordered events.");
}
