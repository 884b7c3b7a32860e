using System.Runtime.InteropServices;

namespace HyperFlow.Runtime.Sequencing;

// The sequencer's fields, grouped by which thread writes them and padded so that no two groups (and
// nothing outside them) share a 64-byte cache line, whatever the alignment of the enclosing object.
// 64 bytes on each side also keeps adjacent-line prefetch from pairing a group with a neighbour's
// line on most CPUs. SequencerLayoutTests asserts every offset and size.

/// <summary>Written by the producer, read by the consumer.</summary>
[StructLayout(LayoutKind.Explicit, Size = 144)]
internal struct ProducerShared
{
    /// <summary>The sequence up to which records are visible to the consumer.</summary>
    [FieldOffset(64)]
    public long Published;

    /// <summary>The number of control events visible to the consumer.</summary>
    [FieldOffset(72)]
    public long ControlPublished;
}

/// <summary>Written by the consumer, read by the producer.</summary>
[StructLayout(LayoutKind.Explicit, Size = 144)]
internal struct ConsumerShared
{
    /// <summary>The sequence up to which records have been released to the producer.</summary>
    [FieldOffset(64)]
    public long Consumed;

    /// <summary>The number of control events taken.</summary>
    [FieldOffset(72)]
    public long ControlConsumed;
}

/// <summary>Read and written by the producer only.</summary>
[StructLayout(LayoutKind.Explicit, Size = 160)]
internal struct ProducerLocal
{
    /// <summary>The next sequence to write.</summary>
    [FieldOffset(64)]
    public long Next;

    /// <summary>The last <see cref="ConsumerShared.Consumed"/> seen.</summary>
    [FieldOffset(72)]
    public long CachedConsumed;

    /// <summary>The last <see cref="ConsumerShared.ControlConsumed"/> seen.</summary>
    [FieldOffset(80)]
    public long CachedControlConsumed;
}

/// <summary>Read and written by the consumer only.</summary>
[StructLayout(LayoutKind.Explicit, Size = 152)]
internal struct ConsumerLocal
{
    /// <summary>The last <see cref="ProducerShared.Published"/> seen.</summary>
    [FieldOffset(64)]
    public long CachedPublished;

    /// <summary>The last <see cref="ProducerShared.ControlPublished"/> seen.</summary>
    [FieldOffset(72)]
    public long CachedControlPublished;

    /// <summary>The sequence of the next control event not yet taken, or <see cref="long.MaxValue"/>.</summary>
    [FieldOffset(80)]
    public long NextControlSequence;
}
