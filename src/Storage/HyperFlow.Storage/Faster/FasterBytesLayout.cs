using System.Buffers.Binary;
using HyperFlow.Storage.Serialization;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// The byte layouts of a <see cref="FasterBytesTable{TFold}"/>: its inputs and its stored values.
/// </summary>
/// <remarks>
/// <para>A stored value (a <c>SpanByte</c> payload on FASTER's variable-length log): expiry (i64, Unix
/// ms; <c>long.MaxValue</c> without a time to live), used payload bytes (i32), element count (i32,
/// for lists and maps), then the payload and spare capacity. The payload is the canonical snapshot
/// bytes of the value, except that lists and maps keep their element count in the header (fixed
/// width, so an append updates it in place) instead of as the encoding's varint prefix; their
/// elements are in <see cref="CollectionEncoding"/>'s layout (each length-prefixed, map entries as
/// key then value). Spare capacity lets appends and puts update the record in place.</para>
/// <para>An input: command (i32), element count (i32), now (i64, Unix ms; 0 without a time to live),
/// expiry to set (i64), the largest payload a record of the key can hold (i32), 4 spare bytes, then
/// the operand (a serialized value, list elements, a map entry, or a map key).</para>
/// </remarks>
internal static class FasterBytesLayout
{
    /// <summary>Bytes of a stored value's header.</summary>
    public const int ValueHeader = 16;

    /// <summary>Bytes of an input's header.</summary>
    public const int InputHeader = 32;

    /// <summary>Bytes FASTER's <c>SpanByte</c> puts before a payload (its length).</summary>
    public const int LengthPrefix = sizeof(int);

    public static FasterBytesCommand Command(ReadOnlySpan<byte> input) => (FasterBytesCommand)BinaryPrimitives.ReadInt32LittleEndian(input);

    public static int InputCount(ReadOnlySpan<byte> input) => BinaryPrimitives.ReadInt32LittleEndian(input[4..]);

    public static long Now(ReadOnlySpan<byte> input) => BinaryPrimitives.ReadInt64LittleEndian(input[8..]);

    public static long InputExpiresAt(ReadOnlySpan<byte> input) => BinaryPrimitives.ReadInt64LittleEndian(input[16..]);

    public static int MaxPayload(ReadOnlySpan<byte> input) => BinaryPrimitives.ReadInt32LittleEndian(input[24..]);

    public static ReadOnlySpan<byte> Operand(ReadOnlySpan<byte> input) => input[InputHeader..];

    public static void WriteInputHeader(Span<byte> input, FasterBytesCommand command, int count, long now, long expiresAt, int maxPayload)
    {
        BinaryPrimitives.WriteInt32LittleEndian(input, (int)command);
        BinaryPrimitives.WriteInt32LittleEndian(input[4..], count);
        BinaryPrimitives.WriteInt64LittleEndian(input[8..], now);
        BinaryPrimitives.WriteInt64LittleEndian(input[16..], expiresAt);
        BinaryPrimitives.WriteInt32LittleEndian(input[24..], maxPayload);
        BinaryPrimitives.WriteInt32LittleEndian(input[28..], 0);
    }

    public static long ExpiresAt(ReadOnlySpan<byte> value) => BinaryPrimitives.ReadInt64LittleEndian(value);

    public static int Used(ReadOnlySpan<byte> value) => BinaryPrimitives.ReadInt32LittleEndian(value[8..]);

    public static int Count(ReadOnlySpan<byte> value) => BinaryPrimitives.ReadInt32LittleEndian(value[12..]);

    /// <summary>The payload bytes a stored value can hold in place.</summary>
    public static int Capacity(ReadOnlySpan<byte> value) => value.Length - ValueHeader;

    /// <summary>The used payload of a stored value.</summary>
    public static ReadOnlySpan<byte> Payload(ReadOnlySpan<byte> value) => value.Slice(ValueHeader, Used(value));

    public static void WriteValueHeader(Span<byte> value, long expiresAt, int used, int count)
    {
        BinaryPrimitives.WriteInt64LittleEndian(value, expiresAt);
        BinaryPrimitives.WriteInt32LittleEndian(value[8..], used);
        BinaryPrimitives.WriteInt32LittleEndian(value[12..], count);
    }

    public static void SetExpiresAt(Span<byte> value, long expiresAt) => BinaryPrimitives.WriteInt64LittleEndian(value, expiresAt);

    /// <summary>
    /// Finds the entry with key <paramref name="key"/> in map entries (each a length-prefixed key, then
    /// a length-prefixed value): where it starts, how long it is, and where its value's bytes are.
    /// </summary>
    /// <returns><c>true</c> if the map has the key.</returns>
    public static bool FindEntry(ReadOnlySpan<byte> entries, ReadOnlySpan<byte> key, out int start, out int length, out int valueStart, out int valueLength)
    {
        int position = 0;
        while (position < entries.Length)
        {
            start = position;
            int keyLength = (int)CollectionEncoding.ReadVarInt(entries, ref position);
            bool match = entries.Slice(position, keyLength).SequenceEqual(key);
            position += keyLength;
            valueLength = (int)CollectionEncoding.ReadVarInt(entries, ref position);
            valueStart = position;
            position += valueLength;
            if (match)
            {
                length = position - start;
                return true;
            }
        }

        start = length = valueStart = valueLength = 0;
        return false;
    }
}
