using System.Buffers;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace HyperFlow.Storage.Keys;

/// <summary>
/// Stable 64-bit hashes of keys, computed from the key's canonical bytes. The result is the same in
/// every process, run and machine, so a key always lands in the same key group; that is what lets a
/// checkpoint written by one process be restored by another.
/// </summary>
/// <remarks>
/// Never use <see cref="object.GetHashCode"/> for routing: <see cref="string.GetHashCode()"/> is
/// randomised per process. Integers are hashed from their little-endian bytes with the XXH3
/// finaliser so that sequential ids still spread over all key groups.
/// </remarks>
public static class KeyHash
{
    /// <summary>Hashes a 64-bit integer key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>A stable hash of the key's 8 little-endian bytes.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Of(long key) => Mix((ulong)key);

    /// <summary>Hashes an unsigned 64-bit integer key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>A stable hash of the key's 8 little-endian bytes.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Of(ulong key) => Mix(key);

    /// <summary>Hashes a 32-bit integer key; equal to the hash of the same value widened to 64 bits.</summary>
    /// <param name="key">The key.</param>
    /// <returns>A stable hash of the key.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Of(int key) => Mix((ulong)(long)key);

    /// <summary>Hashes a <see cref="Guid"/> key from its 16 canonical bytes.</summary>
    /// <param name="key">The key.</param>
    /// <returns>A stable hash of the key.</returns>
    public static ulong Of(Guid key)
    {
        Span<byte> bytes = stackalloc byte[16];
        key.TryWriteBytes(bytes);
        return XxHash3.HashToUInt64(bytes);
    }

    /// <summary>Hashes a string key from its UTF-8 bytes.</summary>
    /// <param name="key">The key; must not be null.</param>
    /// <returns>A stable hash of the key's UTF-8 encoding.</returns>
    public static ulong Of(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int max = Encoding.UTF8.GetMaxByteCount(key.Length);
        if (max <= 1024)
        {
            // Sized to the key: stackalloc zeroes what it takes, and this runs for every record routed by a string key.
            Span<byte> small = stackalloc byte[max];
            int n = Encoding.UTF8.GetBytes(key, small);
            return XxHash3.HashToUInt64(small[..n]);
        }

        // Long keys: a pooled buffer, so hashing never allocates per record.
        byte[] rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(key));
        try
        {
            int n = Encoding.UTF8.GetBytes(key, rented);
            return XxHash3.HashToUInt64(rented.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Hashes a key of any supported type: the same result as the typed overload for
    /// <see cref="long"/>, <see cref="ulong"/>, <see cref="int"/>, <see cref="Guid"/> and
    /// <see cref="string"/>; <see cref="INamespacedKey.StableKeyHash"/> for a struct that implements
    /// <see cref="INamespacedKey"/>; XXH3 of the raw bytes for other types without object references.
    /// The type tests are constants per instantiation, so only one branch is compiled.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <param name="key">The key.</param>
    /// <returns>A stable hash of the key.</returns>
    /// <exception cref="NotSupportedException">The key type holds object references and is not a string.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Of<TKey>(in TKey key)
    {
        if (typeof(TKey) == typeof(long))
        {
            return Of(Unsafe.As<TKey, long>(ref Unsafe.AsRef(in key)));
        }

        if (typeof(TKey) == typeof(ulong))
        {
            return Of(Unsafe.As<TKey, ulong>(ref Unsafe.AsRef(in key)));
        }

        if (typeof(TKey) == typeof(int))
        {
            return Of(Unsafe.As<TKey, int>(ref Unsafe.AsRef(in key)));
        }

        if (typeof(TKey) == typeof(Guid))
        {
            return Of(Unsafe.As<TKey, Guid>(ref Unsafe.AsRef(in key)));
        }

        if (typeof(TKey) == typeof(string))
        {
            return Of(Unsafe.As<TKey, string>(ref Unsafe.AsRef(in key)));
        }

        if (typeof(TKey).IsValueType && typeof(INamespacedKey).IsAssignableFrom(typeof(TKey)))
        {
            return ((INamespacedKey)key!).StableKeyHash;
        }

        if (RuntimeHelpers.IsReferenceOrContainsReferences<TKey>())
        {
            throw new NotSupportedException($"Key type {typeof(TKey)} has no stable hash: key by long, ulong, int, Guid, string or a struct without object references.");
        }

        return XxHash3.HashToUInt64(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<TKey, byte>(ref Unsafe.AsRef(in key)), Unsafe.SizeOf<TKey>()));
    }

    // The XXH3 64-bit avalanche ("rrmxmx" variant): bijective, so distinct keys never collide on the
    // hash itself, and every input bit affects the high bits that pick the key group.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong h)
    {
        h ^= ulong.RotateLeft(h, 49) ^ ulong.RotateLeft(h, 24);
        h *= 0x9FB21C651E98DF25UL;
        h ^= (h >> 35) + 8;
        h *= 0x9FB21C651E98DF25UL;
        h ^= h >> 28;
        return h;
    }
}
