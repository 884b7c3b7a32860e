using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HyperFlow.Runtime.Sequencing;

/// <summary>
/// A bounded single-producer, single-consumer ring of events after the LMAX Disruptor's design: a
/// power-of-two array indexed by ever-growing 64-bit sequences, padded sequences per side, each side
/// caching the other's sequence so shared cache lines are touched once per batch, not per event.
/// Control events (watermarks, barriers, end of input) travel in order with the records.
/// </summary>
/// <typeparam name="T">The event type; structs are stored inline and read in place.</typeparam>
/// <remarks>
/// <para>Producer: <see cref="Room"/>, then <see cref="Write"/> or <see cref="Claim"/> +
/// <see cref="Advance"/>, then one <see cref="Publish"/> per batch; <see cref="TryWrite"/> for one
/// event at a time; <see cref="TryPublishControl"/> and <see cref="TryComplete"/>.</para>
/// <para>Consumer: <see cref="Peek"/> (zero-copy), then <see cref="Release"/>; when <see cref="Peek"/>
/// is empty, <see cref="TryTakeControl"/> returns the control event that stands next, if any.</para>
/// <para>Each side must be used by one thread at a time. No call blocks or allocates.</para>
/// </remarks>
public sealed class SpscRing<T>
{
    private readonly T[] _buffer;
    private SpscSequencer _sequencer;

    /// <summary>Creates a ring.</summary>
    /// <param name="capacity">The number of slots; a power of two, at least 2.</param>
    public SpscRing(int capacity)
        : this(capacity, 0)
    {
    }

    /// <summary>Creates a ring whose sequences start at <paramref name="initialSequence"/> (for wrap-around tests).</summary>
    internal SpscRing(int capacity, long initialSequence)
    {
        _sequencer = new SpscSequencer(capacity, initialSequence);
        _buffer = new T[capacity];
    }

    /// <summary>The number of slots.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>Records published and not yet released (a snapshot, from any thread).</summary>
    public int Count => _sequencer.Count;

    /// <summary>Set by the consumer when it may sleep (blocking wait strategy): producers wake it after publishing.</summary>
    public WakeSignal? ConsumerSignal
    {
        get => _sequencer.Signal;
        set => _sequencer.Signal = value;
    }

    /// <summary>Producer: the exact number of records that can be written now. Reads the consumer's sequence: not for every record.</summary>
    /// <returns>The free capacity, counting written-but-unpublished records as used.</returns>
    public int FreeCapacity() => _sequencer.FreeCapacity();

    /// <summary>
    /// Producer: room for up to <paramref name="wanted"/> records, answered from a cached view of the
    /// consumer and refreshed only when that view shows too little room. Use this on the hot path.
    /// </summary>
    /// <param name="wanted">The most records the caller wants to write.</param>
    /// <returns>How many of them can be written now, at most <paramref name="wanted"/>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Room(int wanted) => _sequencer.Room(wanted);

    /// <summary>Producer: writes a record into the next slot, unpublished. The caller must have seen room with <see cref="Room"/>.</summary>
    /// <param name="item">The record.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(in T item)
    {
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buffer), (nint)(_sequencer.Next & _sequencer.Mask)) = item;
        _sequencer.Advance(1);
    }

    /// <summary>
    /// Producer: writes a timestamped record into the next slot field by field, unpublished; the ring's
    /// element type must be <see cref="Timestamped{TValue}"/>. Building the pair first and copying it
    /// makes the JIT read back a 32-byte temporary it has just written in smaller pieces, a
    /// store-forwarding stall that cost about 6 ns per record.
    /// </summary>
    /// <typeparam name="TValue">The record type inside <see cref="Timestamped{TValue}"/>.</typeparam>
    /// <param name="value">The record.</param>
    /// <param name="timestamp">Its timestamp.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteStamped<TValue>(in TValue value, long timestamp)
    {
        Debug.Assert(typeof(T) == typeof(Timestamped<TValue>), "Only for rings of timestamped records.");
        ref Timestamped<TValue> slot = ref Unsafe.As<T, Timestamped<TValue>>(
            ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buffer), (nint)(_sequencer.Next & _sequencer.Mask)));
        Unsafe.AsRef(in slot.Value) = value;
        Unsafe.AsRef(in slot.Timestamp) = timestamp;
        _sequencer.Advance(1);
    }

    /// <summary>
    /// Producer: claims up to <paramref name="max"/> contiguous free slots to write in place (batch claim).
    /// Write the first k, then call <see cref="Advance"/>(k) and <see cref="Publish"/>.
    /// </summary>
    /// <param name="max">The most slots wanted.</param>
    /// <returns>The claimed slots; shorter than <paramref name="max"/> at the end of the array or when the ring is nearly full.</returns>
    public Span<T> Claim(int max)
    {
        int start = (int)(_sequencer.Next & _sequencer.Mask);
        int length = Math.Min(Room(max), _buffer.Length - start);
        return new Span<T>(_buffer, start, length);
    }

    /// <summary>Producer: commits <paramref name="count"/> records written into the span from <see cref="Claim"/>.</summary>
    /// <param name="count">How many were written.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance(int count) => _sequencer.Advance(count);

    /// <summary>Producer: makes every written record visible to the consumer (one release store per batch).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish() => _sequencer.Publish();

    /// <summary>Producer: writes and publishes one record if there is room.</summary>
    /// <param name="item">The record.</param>
    /// <returns><c>false</c> when the ring is full.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryWrite(in T item)
    {
        if (_sequencer.Room(1) == 0)
        {
            return false;
        }

        Write(in item);
        _sequencer.Publish();
        return true;
    }

    /// <summary>Producer: whether <paramref name="count"/> control events can be published now.</summary>
    /// <param name="count">The number of events.</param>
    /// <returns><c>true</c> when the control lane has room.</returns>
    public bool HasControlRoom(int count = 1) => _sequencer.HasControlRoom(count);

    /// <summary>Producer: publishes the records written so far, then a control event after them.</summary>
    /// <param name="kind">The kind of event.</param>
    /// <param name="value">The watermark or checkpoint id.</param>
    /// <returns><c>false</c> when the control lane is full (64 unread events); retry after the consumer catches up.</returns>
    public bool TryPublishControl(ControlKind kind, long value) => _sequencer.TryPublishControl(kind, value);

    /// <summary>Producer: publishes end of input. Nothing may be written after it.</summary>
    /// <returns><c>false</c> when the control lane is full; retry.</returns>
    public bool TryComplete() => _sequencer.TryPublishControl(ControlKind.EndOfInput, 0);

    /// <summary>
    /// Consumer: the next published records, up to <paramref name="max"/>, up to the end of the array and
    /// up to the next control event.
    /// </summary>
    /// <param name="max">The largest batch wanted.</param>
    /// <returns>The records, valid until <see cref="Release"/>; empty when none is ready or a control event is next.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<T> Peek(int max)
    {
        int length = _sequencer.Available(max, out int start);
        return new ReadOnlySpan<T>(_buffer, start, length);
    }

    /// <summary>Consumer: frees the first <paramref name="count"/> peeked records for the producer.</summary>
    /// <param name="count">How many were consumed, at most the length <see cref="Peek"/> returned.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Release(int count)
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            // Drop references so the ring does not keep consumed objects alive.
            Array.Clear(_buffer, (int)(_sequencer.Consumed & _sequencer.Mask), count);
        }

        _sequencer.Release(count);
    }

    /// <summary>Consumer: reads and releases one record if one is ready.</summary>
    /// <param name="item">The record.</param>
    /// <returns><c>false</c> when no record is ready (or a control event is next).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryRead(out T item)
    {
        ReadOnlySpan<T> next = Peek(1);
        if (next.IsEmpty)
        {
            item = default!;
            return false;
        }

        item = next[0];
        Release(1);
        return true;
    }

    /// <summary>Consumer: takes the control event that stands next, once every record before it has been released.</summary>
    /// <param name="control">The event.</param>
    /// <returns><c>true</c> when a control event was next.</returns>
    public bool TryTakeControl(out ControlEvent control) => _sequencer.TryTakeControl(out control);

    /// <summary>Consumer: whether a record or a control event is waiting. Reads shared state: for idle checks, not per event.</summary>
    /// <returns><c>true</c> when something can be read.</returns>
    public bool HasPending() => _sequencer.HasPending();
}
