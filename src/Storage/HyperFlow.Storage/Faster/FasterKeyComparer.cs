using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FASTER.core;
using HyperFlow.Storage.Keys;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// FASTER's key comparer: hashes the whole key (the stable <see cref="KeyHash"/> for the key types it
/// knows, XXH3 over the raw bytes of other keys without references); equality through
/// <see cref="EqualityComparer{T}.Default"/>.
/// </summary>
/// <remarks>
/// Not <see cref="KeyHash.Of{TKey}(in TKey)"/> for an <see cref="INamespacedKey"/>: that is its user
/// key's hash, so every namespace of one key (each of its timers and windows) would share one hash
/// chain in FASTER's index, and every operation on any of them would walk all of them. That stable
/// hash is what snapshots need (<see cref="StableHash"/>, to pick key groups); the index needs the
/// whole key. The index hash must itself be stable: FASTER's checkpoints carry the index.
/// </remarks>
/// <typeparam name="TKey">The key type.</typeparam>
internal readonly struct FasterKeyComparer<TKey> : IFasterEqualityComparer<TKey>
    where TKey : notnull
{
    /// <summary>The key's stable hash (<see cref="KeyHash"/>), from which its key group is computed.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The key's stable 64-bit hash; for a namespaced key, its user key's.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong StableHash(in TKey key) => KeyHash.Of(in key);

    /// <summary>The hash FASTER's index uses: of the whole key. The type tests are constants per instantiation, so only one branch is compiled.</summary>
    /// <param name="key">The key.</param>
    /// <returns>A stable 64-bit hash of every byte of the key.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong IndexHash(in TKey key)
    {
        if (typeof(TKey).IsValueType && typeof(INamespacedKey).IsAssignableFrom(typeof(TKey)) && !RuntimeHelpers.IsReferenceOrContainsReferences<TKey>())
        {
            return XxHash3.HashToUInt64(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<TKey, byte>(ref Unsafe.AsRef(in key)), Unsafe.SizeOf<TKey>()));
        }

        return KeyHash.Of(in key);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetHashCode64(ref TKey k) => (long)IndexHash(in k);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Equals(ref TKey k1, ref TKey k2) => EqualityComparer<TKey>.Default.Equals(k1, k2);
}
