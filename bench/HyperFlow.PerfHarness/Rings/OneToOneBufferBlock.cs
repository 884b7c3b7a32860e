using System.Threading.Tasks.Dataflow;

namespace HyperFlow.PerfHarness.Rings;

/// <summary>
/// The TPL Dataflow peer of <see cref="OneToOneRing"/>: the same two pinned, spinning threads through a
/// bounded <see cref="BufferBlock{T}"/> used synchronously (<c>Post</c>, which declines when the block
/// is full, and <c>TryReceive</c>).
/// <code>
///   +----+     +--------------------------+     +----+
///   | P1 | --> | BufferBlock (bound 4096) | --> | C1 |
///   +----+     +--------------------------+     +----+
/// </code>
/// </summary>
internal static class OneToOneBufferBlock
{
    /// <summary>Moves <paramref name="events"/> events one by one.</summary>
    /// <param name="events">Events to move.</param>
    /// <returns>The consumer's checksum, equal to <see cref="OneToOneRing"/>'s.</returns>
    public static long Run(long events)
    {
        var block = new BufferBlock<Event16>(new DataflowBlockOptions { BoundedCapacity = OneToOneRing.Capacity });
        return Workers.Run(
            pin: true,
            WaitMode.Spin,
            w => Produce(block, events, w),
            w => Consume(block, events, w))[1];
    }

    private static long Produce(BufferBlock<Event16> block, long events, Workers workers)
    {
        for (long i = 0; i < events; i++)
        {
            var e = new Event16(i, i % OneToOneRing.Keys);
            while (!block.Post(e))
            {
                workers.Pause();
            }
        }

        block.Complete();
        return 0;
    }

    private static long Consume(BufferBlock<Event16> block, long events, Workers workers)
    {
        long sum = 0;
        for (long next = 0; next < events; next++)
        {
            Event16 e;
            while (!block.TryReceive(out e))
            {
                workers.Pause();
            }

            if (e.Sequence != next)
            {
                Delivery.ThrowOutOfOrder(nameof(BufferBlock<>), next, e.Sequence);
            }

            sum += e.Sequence + e.Value;
        }

        return sum;
    }
}
