using System.Buffers;
using FASTER.core;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// What the callbacks of a <see cref="FasterBytesTable{TFold}"/> report back, and the buffers they
/// reuse so that an operation allocates nothing beyond what (de)serializing its values needs.
/// </summary>
internal sealed class FasterBytesSessionState : FasterSessionState<Empty>
{
    /// <summary>What the last read copied out: the value's header, then the payload or map value it asked for.</summary>
    public byte[] Read = new byte[256];

    /// <summary>Bytes of <see cref="Read"/> in use.</summary>
    public int ReadLength;

    /// <summary>Whether the last map-value read found the map key.</summary>
    public bool ReadMatched;

    /// <summary>The payload a fold computed (in a length callback or an in-place update), copied into the record next.</summary>
    public ArrayBufferWriter<byte> Folded { get; } = new(256);

    /// <summary>A copy of a stored payload, to deserialize from (records live in native memory).</summary>
    public byte[] Current = new byte[256];

    /// <summary>A copy of a fold's operand, to deserialize from.</summary>
    public byte[] Operand = new byte[256];

    /// <summary>Set by a length callback that found the operation cannot complete; the updater that follows cancels it.</summary>
    public bool Cancel;

    /// <summary>Why the last canceled operation failed (a fold threw, or the value outgrew a page); taken by the table.</summary>
    public Exception? Failure;

    /// <summary>Whether the last map removal found its key.</summary>
    public bool MapRemoved;

    /// <summary>Copies <paramref name="bytes"/> into <paramref name="buffer"/> (grown as needed) and returns them as memory.</summary>
    public static ReadOnlyMemory<byte> CopyTo(ref byte[] buffer, ReadOnlySpan<byte> bytes)
    {
        if (buffer.Length < bytes.Length)
        {
            buffer = new byte[Math.Max(bytes.Length, buffer.Length * 2)];
        }

        bytes.CopyTo(buffer);
        return new ReadOnlyMemory<byte>(buffer, 0, bytes.Length);
    }

    /// <summary>Sets the read result to the value's header followed by <paramref name="payload"/>.</summary>
    public void SetRead(ReadOnlySpan<byte> value, ReadOnlySpan<byte> payload)
    {
        int length = FasterBytesLayout.ValueHeader + payload.Length;
        if (Read.Length < length)
        {
            Read = new byte[Math.Max(length, Read.Length * 2)];
        }

        value[..FasterBytesLayout.ValueHeader].CopyTo(Read);
        payload.CopyTo(Read.AsSpan(FasterBytesLayout.ValueHeader));
        ReadLength = length;
    }
}
