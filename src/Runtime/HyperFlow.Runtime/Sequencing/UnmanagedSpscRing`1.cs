using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HyperFlow.Runtime.Sequencing;

/// <summary>
/// The <see cref="SpscRing{T}"/> design over native memory: slots live outside the GC heap, 64-byte
/// aligned, so a large ring adds nothing for the GC to scan or compact and the first slot starts on a
/// cache line. For unmanaged event types; same producer and consumer protocol as <see cref="SpscRing{T}"/>.
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
public sealed unsafe class UnmanagedSpscRing<T> : IDisposable
    where T : unmanaged
{
    private readonly int _capacity;
    private T* _buffer;
    private SpscSequencer _sequencer;

    /// <summary>Creates a ring.</summary>
    /// <param name="capacity">The number of slots; a power of two, at least 2.</param>
    public UnmanagedSpscRing(int capacity)
    {
        _sequencer = new SpscSequencer(capacity, 0);
        _capacity = capacity;
        _buffer = (T*)NativeMemory.AlignedAlloc((nuint)capacity * (nuint)sizeof(T), 64);
    }

    /// <summary>Frees the native memory if <see cref="Dispose"/> was not called.</summary>
    ~UnmanagedSpscRing() => Free();

    /// <summary>The number of slots.</summary>
    public int Capacity => _capacity;

    /// <summary>Records published and not yet released (a snapshot, from any thread).</summary>
    public int Count => _sequencer.Count;

    /// <summary>Set by the consumer when it may sleep (blocking wait strategy): producers wake it after publishing.</summary>
    public WakeSignal? ConsumerSignal
    {
        get => _sequencer.Signal;
        set => _sequencer.Signal = value;
    }

    /// <summary>Producer: the exact number of records that can be written now. Reads the consumer's sequence: not for every record.</summary>
    /// <returns>The free capacity.</returns>
    public int FreeCapacity() => _sequencer.FreeCapacity();

    /// <summary>Producer: room for up to <paramref name="wanted"/> records, from a cached view refreshed only when it shows too little.</summary>
    /// <param name="wanted">The most records the caller wants to write.</param>
    /// <returns>How many of them can be written now.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Room(int wanted) => _sequencer.Room(wanted);

    /// <summary>Producer: a reference to the next slot, to fill in place; then <see cref="Advance"/>(1).</summary>
    /// <returns>The slot. The caller must have seen room with <see cref="Room"/>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref T NextSlot() => ref _buffer[_sequencer.Next & _sequencer.Mask];

    /// <summary>Producer: writes a record into the next slot, unpublished.</summary>
    /// <param name="item">The record.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(in T item)
    {
        _buffer[_sequencer.Next & _sequencer.Mask] = item;
        _sequencer.Advance(1);
    }

    /// <summary>Producer: claims up to <paramref name="max"/> contiguous free slots to write in place.</summary>
    /// <param name="max">The most slots wanted.</param>
    /// <returns>The claimed slots.</returns>
    public Span<T> Claim(int max)
    {
        int start = (int)(_sequencer.Next & _sequencer.Mask);
        return new Span<T>(_buffer + start, Math.Min(Room(max), _capacity - start));
    }

    /// <summary>Producer: commits <paramref name="count"/> written records.</summary>
    /// <param name="count">How many were written.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance(int count) => _sequencer.Advance(count);

    /// <summary>Producer: makes every written record visible to the consumer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish() => _sequencer.Publish();

    /// <summary>Producer: whether <paramref name="count"/> control events can be published now.</summary>
    /// <param name="count">The number of events.</param>
    /// <returns><c>true</c> when the control lane has room.</returns>
    public bool HasControlRoom(int count = 1) => _sequencer.HasControlRoom(count);

    /// <summary>Producer: publishes end of input. Nothing may be written after it.</summary>
    /// <returns><c>false</c> when the control lane is full; retry.</returns>
    public bool TryComplete() => _sequencer.TryPublishControl(ControlKind.EndOfInput, 0);

    /// <summary>Consumer: whether a record or a control event is waiting. Reads shared state: for idle checks, not per event.</summary>
    /// <returns><c>true</c> when something can be read.</returns>
    public bool HasPending() => _sequencer.HasPending();

    /// <summary>Producer: publishes a control event after the records written so far.</summary>
    /// <param name="kind">The kind of event.</param>
    /// <param name="value">The watermark or checkpoint id.</param>
    /// <returns><c>false</c> when the control lane is full.</returns>
    public bool TryPublishControl(ControlKind kind, long value) => _sequencer.TryPublishControl(kind, value);

    /// <summary>Consumer: the next published records, up to <paramref name="max"/>, the end of the memory block and the next control event.</summary>
    /// <param name="max">The largest batch wanted.</param>
    /// <returns>The records, valid until <see cref="Release"/>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<T> Peek(int max)
    {
        int length = _sequencer.Available(max, out int start);
        return new ReadOnlySpan<T>(_buffer + start, length);
    }

    /// <summary>Consumer: frees the first <paramref name="count"/> peeked records.</summary>
    /// <param name="count">How many were consumed.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Release(int count) => _sequencer.Release(count);

    /// <summary>Consumer: takes the control event that stands next, if any.</summary>
    /// <param name="control">The event.</param>
    /// <returns><c>true</c> when a control event was next.</returns>
    public bool TryTakeControl(out ControlEvent control) => _sequencer.TryTakeControl(out control);

    /// <summary>Frees the native memory. No other call may follow.</summary>
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        if (_buffer != null)
        {
            NativeMemory.AlignedFree(_buffer);
            _buffer = null;
        }
    }
}
