using System.Runtime.CompilerServices;
using HyperFlow.Storage.Keys;

namespace HyperFlow.PerfHarness.Rings;

/// <summary>
/// How the keyed exchange cases route: event <c>i</c> has key <c>i % 1000</c>, hashed and mapped to
/// one of 128 key groups, and the key group's owner among the consumers receives it, as the engine's
/// hash exchange does. Both sides route per event, so the routing cost is in both figures.
/// </summary>
internal static class KeyedRouting
{
    public const int Producers = 2;
    public const int Consumers = 2;
    public const int MaxParallelism = KeyGroups.DefaultMaxParallelism;
    public const long Keys = 1000;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int OwnerOf(long key)
        => KeyGroups.OwnerOf(KeyGroups.Of(KeyHash.Of(key), MaxParallelism), MaxParallelism, Consumers);
}
