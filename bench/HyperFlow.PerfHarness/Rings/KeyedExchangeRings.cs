using HyperFlow.Runtime.Sequencing;

namespace HyperFlow.PerfHarness.Rings;

/// <summary>
/// A keyed exchange: 2 producer threads, 2 consumer threads, one <see cref="SpscRing{T}"/> per
/// (producer, consumer) pair, as the engine wires a hash exchange between task slots.
/// <code>
///   +----+ -- ring[0][0] ---------> +----+
///   | P0 |                          | C0 |
///   +----+ -- ring[0][1] --+  +---> +----+
///                           \/
///                           /\
///   +----+ -- ring[1][0] --+  +---> +----+
///   | P1 |                          | C1 |
///   +----+ -- ring[1][1] ---------> +----+
/// </code>
/// </summary>
/// <remarks>
/// <para>Producer p sends events p, p + 2, p + 4, ... routed by <see cref="KeyedRouting.OwnerOf"/>,
/// writing into the ring and publishing every <see cref="PublishBatch"/> events per ring (and before
/// waiting, so a consumer never waits on events it cannot see). At the end it publishes end of input
/// on each ring; a consumer stops when both its rings have ended.</para>
/// <para>Four spinning threads oversubscribe a 2-CPU machine, so threads are not pinned and wait with
/// <see cref="Thread.Yield"/>: a pinned spinner could starve the thread it waits for on its CPU.</para>
/// </remarks>
internal static class KeyedExchangeRings
{
    /// <summary>Slots per ring.</summary>
    public const int Capacity = 4096;

    /// <summary>The most events a producer writes to one ring before publishing them.</summary>
    public const int PublishBatch = 64;

    // The largest batch a consumer takes from one ring before looking at the other.
    private const int PeekBatch = 256;

    /// <summary>Moves <paramref name="events"/> events through the exchange.</summary>
    /// <param name="events">Events in total over both producers.</param>
    /// <returns>The sum of both consumers' checksums.</returns>
    public static long Run(long events)
    {
        var rings = new SpscRing<Event16>[KeyedRouting.Producers][];
        for (int p = 0; p < rings.Length; p++)
        {
            rings[p] = new SpscRing<Event16>[KeyedRouting.Consumers];
            for (int c = 0; c < rings[p].Length; c++)
            {
                rings[p][c] = new SpscRing<Event16>(Capacity);
            }
        }

        SpscRing<Event16>[] InputsOf(int consumer) => [.. rings.Select(outputs => outputs[consumer])];

        long[] results = Workers.Run(
            pin: false,
            WaitMode.Yield,
            w => Produce(rings[0], 0, events, w),
            w => Produce(rings[1], 1, events, w),
            w => Consume(InputsOf(0), w),
            w => Consume(InputsOf(1), w));
        return results.Sum();
    }

    private static long Produce(SpscRing<Event16>[] outputs, int producer, long events, Workers workers)
    {
        Span<int> free = stackalloc int[outputs.Length];
        Span<int> unpublished = stackalloc int[outputs.Length];
        for (long i = producer; i < events; i += KeyedRouting.Producers)
        {
            long key = i % KeyedRouting.Keys;
            int owner = KeyedRouting.OwnerOf(key);
            SpscRing<Event16> ring = outputs[owner];
            if (free[owner] == 0)
            {
                // FreeCapacity reads the consumer's shared sequence: ask once per run of free slots, not per event.
                while ((free[owner] = ring.FreeCapacity()) == 0)
                {
                    PublishAll(outputs, unpublished);
                    workers.Pause();
                }
            }

            ring.Write(new Event16(i, key));
            free[owner]--;
            if (++unpublished[owner] == PublishBatch)
            {
                ring.Publish();
                unpublished[owner] = 0;
            }
        }

        PublishAll(outputs, unpublished);
        foreach (SpscRing<Event16> ring in outputs)
        {
            while (!ring.TryComplete())
            {
                workers.Pause();
            }
        }

        return 0;
    }

    private static void PublishAll(SpscRing<Event16>[] outputs, Span<int> unpublished)
    {
        for (int c = 0; c < outputs.Length; c++)
        {
            if (unpublished[c] > 0)
            {
                outputs[c].Publish();
                unpublished[c] = 0;
            }
        }
    }

    private static long Consume(SpscRing<Event16>[] inputs, Workers workers)
    {
        long sum = 0;
        var ended = new bool[inputs.Length];
        int open = inputs.Length;
        while (open > 0)
        {
            bool idle = true;
            for (int p = 0; p < inputs.Length; p++)
            {
                if (ended[p])
                {
                    continue;
                }

                SpscRing<Event16> ring = inputs[p];
                ReadOnlySpan<Event16> ready = ring.Peek(PeekBatch);
                if (!ready.IsEmpty)
                {
                    foreach (ref readonly Event16 e in ready)
                    {
                        sum += e.Sequence + e.Value;
                    }

                    ring.Release(ready.Length);
                    idle = false;
                }
                else if (ring.TryTakeControl(out ControlEvent control))
                {
                    if (control.Kind != ControlKind.EndOfInput)
                    {
                        throw new InvalidOperationException($"Keyed exchange: unexpected control event {control} from producer {p}; only end of input is sent.");
                    }

                    ended[p] = true;
                    open--;
                    idle = false;
                }
            }

            if (idle)
            {
                workers.Pause();
            }
        }

        return sum;
    }
}
