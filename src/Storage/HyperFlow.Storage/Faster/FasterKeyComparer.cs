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
    public static ulong Hash(in TKey key)
    {
        if (typeof(TKey) == typeof(long))
        {
            return KeyHash.Of(Unsafe.BitCast<TKey, long>(key));
        }

        if (typeof(TKey) == typeof(ulong))
        {
            return KeyHash.Of(Unsafe.BitCast<TKey, ulong>(key));
        }

        if (typeof(TKey) == typeof(int))
        {
            return KeyHash.Of(Unsafe.BitCast<TKey, int>(key));
        }

        if (typeof(TKey) == typeof(Guid))
        {
            return KeyHash.Of(Unsafe.BitCast<TKey, Guid>(key));
        }

        return XxHash3.HashToUInt64(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<TKey, byte>(ref Unsafe.AsRef(in key)), Unsafe.SizeOf<TKey>()));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetHashCode64(ref TKey k) => (long)Hash(in k);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Equals(ref TKey k1, ref TKey k2) => EqualityComparer<TKey>.Default.Equals(k1, k2);
}
