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

    /// <summary>
    /// The user key's hash shifted by the window: dense integer keys stay dense within one window, so
    /// the in-memory table places them without collisions (a mixed hash of both fields costs about 10 ns
    /// per probe in mispredicted probe loops on 1,000 keys).
    /// </summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => unchecked((Key is null ? 0 : EqualityComparer<TKey>.Default.GetHashCode(Key)) + ((int)End * -1640531535));
}
