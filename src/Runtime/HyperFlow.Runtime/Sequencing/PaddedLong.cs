using System.Runtime.InteropServices;

namespace HyperFlow.Runtime.Sequencing;

/// <summary>
/// A 64-bit value alone on its cache line: 64 bytes of padding on each side, so that a value written by
/// one thread never shares a line with anything another thread writes (false sharing), whatever the
/// alignment of the enclosing object. Covers CPUs with adjacent-line prefetch (128-byte pairs).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal struct PaddedLong
{
    /// <summary>The struct's size in bytes.</summary>
    public const int Size = 136;

    /// <summary>The offset of <see cref="Value"/>.</summary>
    public const int ValueOffset = 64;

    [FieldOffset(ValueOffset)]
    public long Value;
}
