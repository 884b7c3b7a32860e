using System.Runtime.CompilerServices;

namespace HyperFlow.Runtime.Sequencing;

/// <summary>
/// The sequence logic shared by the single-producer single-consumer rings: sequences grow forever
/// (64-bit, so they never wrap in practice; the array index is <c>sequence &amp; mask</c>), each side
/// caches the other's sequence and reads the shared line only when its cache is exhausted, and
/// control events travel in a small side lane keyed by the record sequence they precede, so records
/// stay compact while control events are still seen exactly in order.
/// </summary>
/// <remarks>A mutable struct embedded in the ring so that no call goes through an extra indirection.</remarks>
internal struct SpscSequencer
{
    private const int ControlCapacity = 64;

    private ProducerShared _producerShared;
    private ConsumerShared _consumerShared;
    private ProducerLocal _producer;
    private ConsumerLocal _consumer;
    private readonly ControlEvent[] _control;
    private readonly long _capacity;

    public SpscSequencer(int capacity, long initialSequence)
    {
        if (capacity < 2 || !int.IsPow2(capacity))
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "Ring capacity must be a power of two, at least 2.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(initialSequence);
        _capacity = capacity;
        Mask = capacity - 1;
        _control = new ControlEvent[ControlCapacity];
        _producerShared.Published = _consumerShared.Consumed = _producer.Next = _producer.CachedConsumed = _consumer.CachedPublished = initialSequence;
        _consumer.NextControlSequence = long.MaxValue;
    }

    /// <summary>The index mask: capacity − 1.</summary>
    public readonly long Mask { get; }

    /// <summary>Consumer-set signal to wake it after a publish; null unless it uses the blocking wait strategy.</summary>
    public WakeSignal? Signal { get; set; }

    public readonly long Next => _producer.Next;

    public readonly long Consumed => _consumerShared.Consumed;

    // The two reads are not atomic together: clamp the snapshot so it is never negative.
    public readonly int Count => (int)Math.Max(0, Volatile.Read(in _producerShared.Published) - Volatile.Read(in _consumerShared.Consumed));

    /// <summary>Exact free capacity: always reads the consumer's shared sequence.</summary>
    public int FreeCapacity()
    {
        _producer.CachedConsumed = Volatile.Read(ref _consumerShared.Consumed);
        return (int)(_capacity - (_producer.Next - _producer.CachedConsumed));
    }

    /// <summary>
    /// Room for up to <paramref name="wanted"/> records. Answers from the cached consumer sequence and
    /// reads the shared one only when the cache shows less room than wanted, so a producer touches the
    /// consumer's cache line about once per lap of the ring, not once per record.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Room(int wanted)
    {
        long free = _capacity - (_producer.Next - _producer.CachedConsumed);
        if (free < wanted)
        {
            _producer.CachedConsumed = Volatile.Read(ref _consumerShared.Consumed);
            free = _capacity - (_producer.Next - _producer.CachedConsumed);
        }

        return (int)Math.Min(free, wanted);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance(int count) => _producer.Next += count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish()
    {
        if (_producerShared.Published != _producer.Next)
        {
            Volatile.Write(ref _producerShared.Published, _producer.Next);
            Signal?.Notify();
        }
    }

    public bool HasControlRoom(int count)
    {
        long used = _producerShared.ControlPublished - _producer.CachedControlConsumed;
        if (used + count > ControlCapacity)
        {
            _producer.CachedControlConsumed = Volatile.Read(ref _consumerShared.ControlConsumed);
            used = _producerShared.ControlPublished - _producer.CachedControlConsumed;
        }

        return used + count <= ControlCapacity;
    }

    public bool TryPublishControl(ControlKind kind, long value)
    {
        if (!HasControlRoom(1))
        {
            return false;
        }

        // Records written before the event must be visible no later than the event.
        if (_producerShared.Published != _producer.Next)
        {
            Volatile.Write(ref _producerShared.Published, _producer.Next);
        }

        long n = _producerShared.ControlPublished;
        _control[n & (ControlCapacity - 1)] = new ControlEvent(_producer.Next, kind, value);
        Volatile.Write(ref _producerShared.ControlPublished, n + 1);
        Signal?.Notify();
        return true;
    }

    /// <summary>Consumer: how many records can be read from <paramref name="start"/> (an array index) without wrapping or passing a control event.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Available(int max, out int start)
    {
        long consumed = _consumerShared.Consumed;
        long available = Math.Min(_consumer.CachedPublished, _consumer.NextControlSequence) - consumed;
        if (available <= 0)
        {
            Refresh();
            available = Math.Min(_consumer.CachedPublished, _consumer.NextControlSequence) - consumed;
        }

        start = (int)(consumed & Mask);
        return available <= 0 ? 0 : (int)Math.Min(Math.Min(available, _capacity - start), max);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Release(int count) => Volatile.Write(ref _consumerShared.Consumed, _consumerShared.Consumed + count);

    public bool TryTakeControl(out ControlEvent control)
    {
        if (_consumer.NextControlSequence != _consumerShared.Consumed)
        {
            Refresh();
            if (_consumer.NextControlSequence != _consumerShared.Consumed)
            {
                control = default;
                return false;
            }
        }

        long taken = _consumerShared.ControlConsumed;
        control = _control[taken & (ControlCapacity - 1)];
        Volatile.Write(ref _consumerShared.ControlConsumed, taken + 1);
        _consumer.NextControlSequence = taken + 1 < _consumer.CachedControlPublished
            ? _control[(taken + 1) & (ControlCapacity - 1)].Sequence
            : long.MaxValue;
        return true;
    }

    /// <summary>Consumer: whether a record or a control event is waiting (reads the shared lines; for the idle path).</summary>
    public readonly bool HasPending()
        => Volatile.Read(in _producerShared.Published) != _consumerShared.Consumed
           || Volatile.Read(in _producerShared.ControlPublished) != _consumerShared.ControlConsumed;

    private void Refresh()
    {
        // Read records first, control second: a producer publishes a control event before any record
        // after it, so seeing those records guarantees seeing the event that must stop us before them.
        _consumer.CachedPublished = Volatile.Read(ref _producerShared.Published);
        _consumer.CachedControlPublished = Volatile.Read(ref _producerShared.ControlPublished);
        long taken = _consumerShared.ControlConsumed;
        _consumer.NextControlSequence = taken < _consumer.CachedControlPublished
            ? _control[taken & (ControlCapacity - 1)].Sequence
            : long.MaxValue;
    }
}
