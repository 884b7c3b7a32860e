using System.Runtime.InteropServices;
using HyperFlow.Storage.Keys;
using MessagePack;

namespace HyperFlow.Windows;

/// <summary>
/// The state key of <see cref="AlignedWindowOperator{TKey, TIn, TAcc, TOut, TFold}"/>: a user key and the
/// end of one of its slices. Its key group is that of the user key, so a key's slices move with it when
/// a job is restored with another parallelism. Create the operator's store with this key type.
/// </summary>
/// <remarks>
/// For a key type without references the key is stored as raw bytes; otherwise (a string key, for
/// example) MessagePack writes it as the array <c>[key, end]</c>.
/// </remarks>
/// <typeparam name="TKey">The user key type.</typeparam>
/// <param name="Key">The user key.</param>
/// <param name="End">The end of the slice (the namespace of the state).</param>
[MessagePackObject]
[StructLayout(LayoutKind.Sequential)]
public readonly record struct SliceKey<TKey>([property: Key(0)] TKey Key, [property: Key(1)] long End) : INamespacedKey
{
    /// <inheritdoc />
    [IgnoreMember]
    public ulong StableKeyHash => KeyHash.Of(Key);
}
