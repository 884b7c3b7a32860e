using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace HyperFlow.PerfHarness.Rings;

/// <summary>
/// The BCL peer of <see cref="KeyedExchangeRings"/>: one bounded multi-writer <see cref="Channel{T}"/>
/// per consumer, the same routing, threads and wait mode; events are written one by one (a channel has
/// no batch API).
/// <code>
///   +----+ ---------------> +---------+     +----+
///   | P0 |                  | chan[0] | --> | C0 |
///   +----+ ---+  +--------> +---------+     +----+
///              \/
///              /\
///   +----+ ---+  +--------> +---------+     +----+
///   | P1 |                  | chan[1] | --> | C1 |
///   +----+ ---------------> +---------+     +----+
/// </code>
/// </summary>
/// <remarks>
/// Each channel holds 8192 events, as many as the two 4096-slot rings feeding one consumer on the
/// HyperFlow side. The last producer to finish completes both channels; a consumer stops when its
/// channel is completed and drained.
/// </remarks>
internal static class KeyedExchangeChannels
{
    /// <summary>Events per channel: the buffering per consumer of the ring side.</summary>
    public const int Capacity = KeyedExchangeRings.Capacity * KeyedRouting.Producers;

    /// <summary>Moves <paramref name="events"/> events through the exchange.</summary>
    /// <param name="events">Events in total over both producers.</param>
    /// <returns>The sum of both consumers' checksums, equal to <see cref="KeyedExchangeRings"/>'s.</returns>
    public static long Run(long events)
    {
        var channels = new Channel<Event16>[KeyedRouting.Consumers];
        for (int c = 0; c < channels.Length; c++)
        {
            channels[c] = Channel.CreateBounded<Event16>(new BoundedChannelOptions(Capacity)
            {
                SingleReader = true,
                SingleWriter = false,
                FullMode = BoundedChannelFullMode.Wait,
                AllowSynchronousContinuations = false,
            });
        }

        ChannelWriter<Event16>[] writers = [.. channels.Select(c => c.Writer)];
        var running = new StrongBox<int>(KeyedRouting.Producers);
        long[] results = Workers.Run(
            pin: false,
            WaitMode.Yield,
            w => Produce(writers, running, 0, events, w),
            w => Produce(writers, running, 1, events, w),
            w => Consume(channels[0].Reader, w),
            w => Consume(channels[1].Reader, w));
        return results.Sum();
    }

    private static long Produce(ChannelWriter<Event16>[] writers, StrongBox<int> running, int producer, long events, Workers workers)
    {
        for (long i = producer; i < events; i += KeyedRouting.Producers)
        {
            long key = i % KeyedRouting.Keys;
            ChannelWriter<Event16> writer = writers[KeyedRouting.OwnerOf(key)];
            var e = new Event16(i, key);
            while (!writer.TryWrite(e))
            {
                workers.Pause();
            }
        }

        // The channels are shared by both producers: only the last one may complete them.
        if (Interlocked.Decrement(ref running.Value) == 0)
        {
            foreach (ChannelWriter<Event16> writer in writers)
            {
                writer.Complete();
            }
        }

        return 0;
    }

    private static long Consume(ChannelReader<Event16> reader, Workers workers)
    {
        long sum = 0;
        while (true)
        {
            if (reader.TryRead(out Event16 e))
            {
                sum += e.Sequence + e.Value;
            }
            else if (reader.Completion.IsCompleted)
            {
                return sum;
            }
            else
            {
                workers.Pause();
            }
        }
    }
}
