using System.Buffers;
using FASTER.core;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// A reusable buffer on the pinned object heap, written through <see cref="IBufferWriter{T}"/>:
/// FASTER reads keys and inputs through pointers, so their bytes must not move.
/// </summary>
internal sealed class FasterPinnedBuffer : IBufferWriter<byte>
{
    private byte[] _bytes = GC.AllocateUninitializedArray<byte>(256, pinned: true);

    /// <summary>Bytes written since the last reset.</summary>
    public int Length { get; private set; }

    /// <summary>The bytes written.</summary>
    public Span<byte> Written => _bytes.AsSpan(0, Length);

    /// <summary>The written bytes as a <see cref="SpanByte"/> pointing into the pinned array (valid until the next write).</summary>
    public SpanByte AsSpanByte() => SpanByte.FromFixedSpan(_bytes.AsSpan(0, Length));

    /// <summary>Forgets what was written.</summary>
    public void Reset() => Length = 0;

    /// <summary>Forgets what was written and reserves <paramref name="bytes"/> at the start, for a header written later.</summary>
    public void Reset(int bytes)
    {
        Length = 0;
        GetSpan(bytes);
        Length = bytes;
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _bytes.Length - Length);
        Length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _bytes.AsMemory(Length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _bytes.AsSpan(Length);
    }

    private void Ensure(int sizeHint)
    {
        int needed = Length + Math.Max(sizeHint, 1);
        if (needed > _bytes.Length)
        {
            byte[] grown = GC.AllocateUninitializedArray<byte>(Math.Max(needed, _bytes.Length * 2), pinned: true);
            _bytes.AsSpan(0, Length).CopyTo(grown);
            _bytes = grown;
        }
    }
}
