using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HyperFlow.Runtime.Sequencing;

/// <summary>
/// A bounded single-producer, single-consumer ring of events with batch publish and zero-copy batch
/// read, after the LMAX Disruptor's design: a power-of-two array indexed by ever-growing 64-bit
/// sequences, one padded sequence per side, and a cached copy of the other side's sequence so that
/// each side touches the shared cache lines once per batch, not once per event.
/// </summary>
/// <typeparam name="T">The event type; a struct is stored inline.</typeparam>
/// <remarks>
/// Producer calls: <see cref="FreeCapacity"/>, <see cref="Write"/>, <see cref="Publish"/>,
/// <see cref="Complete"/>; consumer calls: <see cref="Peek"/>, <see cref="Release"/>,
/// <see cref="IsDrained"/>. Each side must be used by one thread at a time. No call blocks.
/// </remarks>
public sealed class SpscRing<T>
{
    private readonly T[] _buffer;
    private readonly long _mask;

    // Shared: written by the producer, read by the consumer.
    private PaddedLong _published;

    // Shared: written by the consumer, read by the producer.
    private PaddedLong _consumed;

    // Producer-local: the next sequence to write, and the last consumer sequence seen.
    private PaddedLong _next;
    private PaddedLong _cachedConsumed;

    // Consumer-local: the last producer sequence seen.
    private PaddedLong _cachedPublished;

    private int _completed;

    /// <summary>Creates a ring.</summary>
    /// <param name="capacity">The number of slots; a power of two, at least 2.</param>
    public SpscRing(int capacity)
    {
        if (capacity < 2 || !int.IsPow2(capacity))
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "Ring capacity must be a power of two, at least 2.");
        }

        _buffer = new T[capacity];
        _mask = capacity - 1;
    }

    /// <summary>Creates a ring whose sequences start at <paramref name="initialSequence"/> (for wrap-around tests).</summary>
    /// <param name="capacity">The number of slots; a power of two, at least 2.</param>
    /// <param name="initialSequence">The first sequence; non-negative.</param>
    internal SpscRing(int capacity, long initialSequence)
        : this(capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initialSequence);
        _published.Value = _consumed.Value = _next.Value = _cachedConsumed.Value = _cachedPublished.Value = initialSequence;
    }

    /// <summary>The number of slots.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>The number of events published and not yet released (a snapshot; any thread).</summary>
    public int Count => (int)(Volatile.Read(ref _published.Value) - Volatile.Read(ref _consumed.Value));

    /// <summary>Producer: how many events can be written now without overwriting unread ones.</summary>
    /// <returns>The free capacity, counting written-but-unpublished events as used.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int FreeCapacity()
    {
        long free = _buffer.Length - (_next.Value - _cachedConsumed.Value);
        if (free < _buffer.Length)
        {
            // Only refresh the consumer's sequence (a shared cache line) when the cached one is stale.
            _cachedConsumed.Value = Volatile.Read(ref _consumed.Value);
            free = _buffer.Length - (_next.Value - _cachedConsumed.Value);
        }

        return (int)free;
    }

    /// <summary>
    /// Producer: writes an event into the next slot without publishing it. The caller must have seen
    /// enough <see cref="FreeCapacity"/> first; this is not checked on the hot path.
    /// </summary>
    /// <param name="item">The event.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(in T item)
    {
        long seq = _next.Value;
        Debug.Assert(seq - _cachedConsumed.Value < _buffer.Length, "Write without free capacity.");
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buffer), (nint)(seq & _mask)) = item;
        _next.Value = seq + 1;
    }

    /// <summary>Producer: makes every written event visible to the consumer (one release store per batch).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish()
    {
        if (_published.Value != _next.Value)
        {
            Volatile.Write(ref _published.Value, _next.Value);
        }
    }

    /// <summary>Producer: publishes what was written and marks the end of input. Nothing may be written after.</summary>
    public void Complete()
    {
        Publish();
        Volatile.Write(ref _completed, 1);
    }

    /// <summary>
    /// Consumer: the published, unreleased events from the oldest, up to <paramref name="max"/> and up to
    /// the end of the array (call again after <see cref="Release"/> for the part that wrapped around).
    /// </summary>
    /// <param name="max">The largest batch wanted.</param>
    /// <returns>The events, valid until <see cref="Release"/>; empty when none is ready.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<T> Peek(int max)
    {
        long consumed = _consumed.Value;
        long available = _cachedPublished.Value - consumed;
        if (available == 0)
        {
            _cachedPublished.Value = Volatile.Read(ref _published.Value);
            available = _cachedPublished.Value - consumed;
            if (available == 0)
            {
                return default;
            }
        }

        int start = (int)(consumed & _mask);
        int length = (int)Math.Min(Math.Min(available, _buffer.Length - start), max);
        return new ReadOnlySpan<T>(_buffer, start, length);
    }

    /// <summary>Consumer: frees the first <paramref name="count"/> peeked events for the producer.</summary>
    /// <param name="count">How many events were consumed, at most the length <see cref="Peek"/> returned.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Release(int count)
    {
        long consumed = _consumed.Value;
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            // Drop references so the ring does not keep consumed objects alive.
            Array.Clear(_buffer, (int)(consumed & _mask), count);
        }

        Volatile.Write(ref _consumed.Value, consumed + count);
    }

    /// <summary>Consumer: whether the producer has completed and every event has been released.</summary>
    /// <returns><c>true</c> once no event will ever arrive again.</returns>
    public bool IsDrained()
    {
        // Read the flag first: once it is seen, the published sequence read after it is final.
        if (Volatile.Read(ref _completed) == 0)
        {
            return false;
        }

        return Volatile.Read(ref _published.Value) == _consumed.Value;
    }
}
