using System.Threading.Channels;

namespace HyperFlow.PerfHarness.Rings;

/// <summary>
/// The BCL peer of <see cref="OneToOneRing"/>: the same two pinned, spinning threads through a bounded
/// <see cref="Channel{T}"/> used synchronously (<c>TryWrite</c>/<c>TryRead</c>), which is its fastest
/// path; awaiting <c>WriteAsync</c>/<c>ReadAsync</c> would measure the thread pool instead.
/// <code>
///   +----+     +-------------------------------+     +----+
///   | P1 | --> | Channel (bounded 4096, 1w/1r) | --> | C1 |
///   +----+     +-------------------------------+     +----+
/// </code>
/// </summary>
/// <remarks>The channel has no batch API, so it is also the peer of the batch-publish ring cases.</remarks>
internal static class OneToOneChannel
{
    /// <summary>Moves <paramref name="events"/> events one by one.</summary>
    /// <param name="events">Events to move.</param>
    /// <returns>The consumer's checksum, equal to <see cref="OneToOneRing"/>'s.</returns>
    public static long Run(long events)
    {
        Channel<Event16> channel = Channel.CreateBounded<Event16>(new BoundedChannelOptions(OneToOneRing.Capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
        return Workers.Run(
            pin: true,
            WaitMode.Spin,
            w => Produce(channel.Writer, events, w),
            w => Consume(channel.Reader, events, w))[1];
    }

    private static long Produce(ChannelWriter<Event16> writer, long events, Workers workers)
    {
        for (long i = 0; i < events; i++)
        {
            var e = new Event16(i, i % OneToOneRing.Keys);
            while (!writer.TryWrite(e))
            {
                workers.Pause();
            }
        }

        writer.Complete();
        return 0;
    }

    private static long Consume(ChannelReader<Event16> reader, long events, Workers workers)
    {
        long sum = 0;
        for (long next = 0; next < events; next++)
        {
            Event16 e;
            while (!reader.TryRead(out e))
            {
                workers.Pause();
            }

            if (e.Sequence != next)
            {
                Delivery.ThrowOutOfOrder(nameof(Channel), next, e.Sequence);
            }

            sum += e.Sequence + e.Value;
        }

        return sum;
    }
}
