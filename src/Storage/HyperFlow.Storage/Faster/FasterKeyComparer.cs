using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FASTER.core;
using HyperFlow.Storage.Keys;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// FASTER's key comparer: the stable <see cref="KeyHash"/> for the key types it knows, XXH3 over
/// the key's raw bytes for other keys without references; equality through <see cref="EqualityComparer{T}.Default"/>.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
internal readonly struct FasterKeyComparer<TKey> : IFasterEqualityComparer<TKey>
    where TKey : notnull
{
    /// <summary>The stable hash of a key; the type tests are constants per instantiation, so only one branch is compiled.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The key's stable 64-bit hash.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(in TKey key) => KeyHash.Of(in key);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetHashCode64(ref TKey k) => (long)Hash(in k);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Equals(ref TKey k1, ref TKey k2) => EqualityComparer<TKey>.Default.Equals(k1, k2);
}
