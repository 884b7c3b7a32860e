using HyperFlow.Runtime.Sequencing;

namespace HyperFlow.PerfHarness.Rings;

/// <summary>
/// One producer thread to one consumer thread through one <see cref="SpscRing{T}"/>, the two threads
/// pinned to distinct CPUs and busy-spinning when the ring is full or empty.
/// <code>
///   +----+     +-----------------+     +----+
///   | P1 | --> | SpscRing (4096) | --> | C1 |
///   +----+     +-----------------+     +----+
/// </code>
/// </summary>
/// <remarks>
/// The consumer knows the event count and stops after the last event; it checks that events arrive in
/// order and returns the sum of <c>Sequence + Value</c>, so the peer must deliver exactly the same events.
/// </remarks>
internal static class OneToOneRing
{
    /// <summary>Ring (and peer channel) capacity.</summary>
    public const int Capacity = 4096;

    /// <summary>Keys cycle through this many values (the event's <see cref="Event16.Value"/>).</summary>
    public const long Keys = 1000;

    /// <summary>Per-event publish: <see cref="SpscRing{T}.TryWrite"/> and <see cref="SpscRing{T}.TryRead"/>, one release store per event.</summary>
    /// <param name="events">Events to move.</param>
    /// <returns>The consumer's checksum.</returns>
    public static long RunPerEvent(long events)
    {
        var ring = new SpscRing<Event16>(Capacity);
        return Workers.Run(
            pin: true,
            WaitMode.Spin,
            w => ProducePerEvent(ring, events, w),
            w => ConsumePerEvent(ring, events, w))[1];
    }

    /// <summary>
    /// Batch publish: the producer claims up to <paramref name="batch"/> slots, writes them in place and
    /// publishes once; the consumer peeks up to <paramref name="batch"/> and releases once.
    /// </summary>
    /// <param name="events">Events to move.</param>
    /// <param name="batch">The largest batch; a claim is shorter at the end of the array or when the ring is nearly full.</param>
    /// <returns>The consumer's checksum.</returns>
    public static long RunBatched(long events, int batch)
    {
        var ring = new SpscRing<Event16>(Capacity);
        return Workers.Run(
            pin: true,
            WaitMode.Spin,
            w => ProduceBatched(ring, events, batch, w),
            w => ConsumeBatched(ring, events, batch, w))[1];
    }

    private static long ProducePerEvent(SpscRing<Event16> ring, long events, Workers workers)
    {
        for (long i = 0; i < events; i++)
        {
            var e = new Event16(i, i % Keys);
            while (!ring.TryWrite(in e))
            {
                workers.Pause();
            }
        }

        return 0;
    }

    private static long ConsumePerEvent(SpscRing<Event16> ring, long events, Workers workers)
    {
        long sum = 0;
        for (long next = 0; next < events; next++)
        {
            Event16 e;
            while (!ring.TryRead(out e))
            {
                workers.Pause();
            }

            if (e.Sequence != next)
            {
                Delivery.ThrowOutOfOrder(nameof(SpscRing<>), next, e.Sequence);
            }

            sum += e.Sequence + e.Value;
        }

        return sum;
    }

    private static long ProduceBatched(SpscRing<Event16> ring, long events, int batch, Workers workers)
    {
        long next = 0;
        while (next < events)
        {
            Span<Event16> slots = ring.Claim((int)Math.Min(batch, events - next));
            if (slots.IsEmpty)
            {
                workers.Pause();
                continue;
            }

            for (int i = 0; i < slots.Length; i++)
            {
                long sequence = next + i;
                slots[i] = new Event16(sequence, sequence % Keys);
            }

            ring.Advance(slots.Length);
            ring.Publish();
            next += slots.Length;
        }

        return 0;
    }

    private static long ConsumeBatched(SpscRing<Event16> ring, long events, int batch, Workers workers)
    {
        long sum = 0;
        long next = 0;
        while (next < events)
        {
            ReadOnlySpan<Event16> ready = ring.Peek(batch);
            if (ready.IsEmpty)
            {
                workers.Pause();
                continue;
            }

            foreach (ref readonly Event16 e in ready)
            {
                if (e.Sequence != next)
                {
                    Delivery.ThrowOutOfOrder(nameof(SpscRing<>), next, e.Sequence);
                }

                sum += e.Sequence + e.Value;
                next++;
            }

            ring.Release(ready.Length);
        }

        return sum;
    }
}
