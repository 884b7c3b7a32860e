using System.Buffers;

namespace HyperFlow.Storage.Serialization;

/// <summary>
/// The canonical bytes of list and map state values: an element count, then each element (and for
/// maps each key then value) as a 7-bit length prefix and its serialized bytes. Every backend writes
/// this form in snapshots, so list and map state move between backends.
/// </summary>
public static class CollectionEncoding
{
    /// <summary>Writes a list.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="elements">The elements.</param>
    /// <param name="serializer">Serializes an element.</param>
    /// <param name="output">Where the bytes go.</param>
    public static void WriteList<T>(ReadOnlySpan<T> elements, IStateSerializer<T> serializer, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(output);
        var scratch = new ArrayBufferWriter<byte>();
        WriteVarInt(output, (uint)elements.Length);
        foreach (T element in elements)
        {
            WriteItem(element, serializer, scratch, output);
        }
    }

    /// <summary>Reads a list written by <see cref="WriteList{T}"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="bytes">The bytes.</param>
    /// <param name="serializer">Deserializes an element.</param>
    /// <returns>The elements.</returns>
    public static List<T> ReadList<T>(ReadOnlyMemory<byte> bytes, IStateSerializer<T> serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        int position = 0;
        int count = (int)ReadVarInt(bytes.Span, ref position);
        var list = new List<T>(count);
        for (int i = 0; i < count; i++)
        {
            list.Add(serializer.Deserialize(ReadItem(bytes, ref position)));
        }

        return list;
    }

    /// <summary>Writes a map.</summary>
    /// <typeparam name="TKey">The map's key type.</typeparam>
    /// <typeparam name="TValue">The map's value type.</typeparam>
    /// <param name="map">The map.</param>
    /// <param name="keys">Serializes a key.</param>
    /// <param name="values">Serializes a value.</param>
    /// <param name="output">Where the bytes go.</param>
    public static void WriteMap<TKey, TValue>(Dictionary<TKey, TValue> map, IStateSerializer<TKey> keys, IStateSerializer<TValue> values, IBufferWriter<byte> output)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(output);
        var scratch = new ArrayBufferWriter<byte>();
        WriteVarInt(output, (uint)map.Count);
        foreach (KeyValuePair<TKey, TValue> entry in map)
        {
            WriteItem(entry.Key, keys, scratch, output);
            WriteItem(entry.Value, values, scratch, output);
        }
    }

    /// <summary>Reads a map written by <see cref="WriteMap{TKey, TValue}"/>.</summary>
    /// <typeparam name="TKey">The map's key type.</typeparam>
    /// <typeparam name="TValue">The map's value type.</typeparam>
    /// <param name="bytes">The bytes.</param>
    /// <param name="keys">Deserializes a key.</param>
    /// <param name="values">Deserializes a value.</param>
    /// <returns>The map.</returns>
    public static Dictionary<TKey, TValue> ReadMap<TKey, TValue>(ReadOnlyMemory<byte> bytes, IStateSerializer<TKey> keys, IStateSerializer<TValue> values)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(values);
        int position = 0;
        int count = (int)ReadVarInt(bytes.Span, ref position);
        var map = new Dictionary<TKey, TValue>(count);
        for (int i = 0; i < count; i++)
        {
            TKey key = keys.Deserialize(ReadItem(bytes, ref position));
            map[key] = values.Deserialize(ReadItem(bytes, ref position));
        }

        return map;
    }

    /// <summary>Writes one element: its length, then its bytes (<paramref name="scratch"/> holds them meanwhile).</summary>
    internal static void WriteItem<T>(in T item, IStateSerializer<T> serializer, ArrayBufferWriter<byte> scratch, IBufferWriter<byte> output)
    {
        scratch.ResetWrittenCount();
        serializer.Serialize(item, scratch);
        WriteVarInt(output, (uint)scratch.WrittenCount);
        output.Write(scratch.WrittenSpan);
    }

    /// <summary>Reads one element's bytes, advancing <paramref name="position"/> past them.</summary>
    internal static ReadOnlyMemory<byte> ReadItem(ReadOnlyMemory<byte> bytes, ref int position)
    {
        int length = (int)ReadVarInt(bytes.Span, ref position);
        if (length < 0 || length > bytes.Length - position)
        {
            throw new InvalidDataException($"An element claims {length} bytes but only {bytes.Length - position} remain; the collection's bytes are truncated or corrupt.");
        }

        ReadOnlyMemory<byte> item = bytes.Slice(position, length);
        position += length;
        return item;
    }

    /// <summary>Writes a count or length as the 7-bit varint the encoding uses.</summary>
    internal static void WriteVarInt(IBufferWriter<byte> output, uint value)
    {
        Span<byte> span = output.GetSpan(5);
        int n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[n++] = (byte)value;
        output.Advance(n);
    }

    /// <summary>Reads a count or length written by <see cref="WriteVarInt"/>, advancing <paramref name="position"/>.</summary>
    internal static uint ReadVarInt(ReadOnlySpan<byte> bytes, ref int position)
    {
        uint value = 0;
        for (int shift = 0; shift < 35; shift += 7)
        {
            if (position >= bytes.Length)
            {
                throw new InvalidDataException("A length ends past the end of the collection's bytes; they are truncated or corrupt.");
            }

            byte b = bytes[position++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("A length is longer than 5 bytes; the collection's bytes are corrupt.");
    }
}
