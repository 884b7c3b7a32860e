using System.IO.Hashing;
using System.Runtime.CompilerServices;
using FASTER.core;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// The key comparer of a <see cref="FasterBytesTable{TFold}"/>: XXH3 over every byte of the key,
/// byte-wise equality.
/// </summary>
/// <remarks>
/// Not FASTER's <c>SpanByteComparer</c>: its hash (a multiply-add over 16-bit words) barely changes
/// between keys that differ in their last bytes, such as "user-00012" and "user-00013" or one key's
/// timers, and so puts many of them on one hash chain of the index, which every operation on them walks.
/// </remarks>
internal readonly struct FasterBytesKeyComparer : IFasterEqualityComparer<SpanByte>
{
    /// <summary>The hash of a key's bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(ReadOnlySpan<byte> key) => XxHash3.HashToUInt64(key);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetHashCode64(ref SpanByte k) => (long)Hash(k.AsReadOnlySpan());

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Equals(ref SpanByte k1, ref SpanByte k2) => k1.AsReadOnlySpan().SequenceEqual(k2.AsReadOnlySpan());
}
