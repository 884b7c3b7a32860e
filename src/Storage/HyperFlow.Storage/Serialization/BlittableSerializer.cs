using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HyperFlow.Storage.Serialization;

/// <summary>
/// Serializes a type without references as its raw in-memory bytes (little-endian on every platform
/// .NET runs on), the fastest form and the one FASTER's blittable allocator stores.
/// </summary>
/// <typeparam name="T">A type with no object references.</typeparam>
public sealed class BlittableSerializer<T> : IStateSerializer<T>
{
    /// <summary>The shared instance.</summary>
    public static readonly BlittableSerializer<T> Instance = new();

    private BlittableSerializer()
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            throw new NotSupportedException($"{typeof(T)} holds object references, so it cannot be stored as raw bytes; use MessagePack serialization for it.");
        }
    }

    /// <inheritdoc />
    public void Serialize(in T value, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        int size = Unsafe.SizeOf<T>();
        Span<byte> span = output.GetSpan(size);
        Unsafe.WriteUnaligned(ref MemoryMarshal.GetReference(span), value);
        output.Advance(size);
    }

    /// <inheritdoc />
    public T Deserialize(ReadOnlyMemory<byte> bytes) => Read(bytes.Span);

    /// <summary>Reads a value from exactly its raw bytes; restores call it directly, without an interface call per entry.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidDataException">There are not exactly as many bytes as the type has.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Unsafe.SizeOf<T>())
        {
            ThrowWrongLength(bytes.Length);
        }

        return Unsafe.ReadUnaligned<T>(ref MemoryMarshal.GetReference(bytes));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowWrongLength(int length)
        => throw new InvalidDataException($"Expected {Unsafe.SizeOf<T>()} bytes for a {typeof(T)}, found {length}; the data was written for another type.");
}
