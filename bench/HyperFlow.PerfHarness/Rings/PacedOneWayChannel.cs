using System.Diagnostics;
using System.Threading.Channels;
using HdrHistogram;

namespace HyperFlow.PerfHarness.Rings;

/// <summary>
/// The BCL peer of <see cref="PacedOneWayRing"/>: the same paced producer, stamps and pinned, spinning
/// threads over a bounded single-reader, single-writer <see cref="Channel{T}"/> used synchronously.
/// <code>
///   +--------------------+     +--------------+     +------------------------+
///   | P1: 1 event / 2 us | --> | Channel 4096 | --> | C1: record now - stamp |
///   +--------------------+     +--------------+     +------------------------+
/// </code>
/// </summary>
internal static class PacedOneWayChannel
{
    /// <summary>Sends <see cref="LatencyClock.WarmupMessages"/> + <paramref name="messages"/> paced events, recording the last <paramref name="messages"/>.</summary>
    /// <param name="messages">Events recorded.</param>
    /// <param name="histogram">Receives the one-way latency in nanoseconds.</param>
    /// <returns>The sum of the recorded sequences received, equal to <see cref="PacedOneWayRing"/>'s.</returns>
    public static long Run(long messages, LongHistogram histogram)
    {
        Channel<Event16> channel = Channel.CreateBounded<Event16>(new BoundedChannelOptions(PacedOneWayRing.Capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
        long total = LatencyClock.WarmupMessages + messages;
        return Workers.Run(
            pin: true,
            WaitMode.Spin,
            w => Produce(channel.Writer, total, w),
            w => Consume(channel.Reader, total, histogram, w))[1];
    }

    private static long Produce(ChannelWriter<Event16> writer, long total, Workers workers)
    {
        long interval = LatencyClock.TicksOf(PacedOneWayRing.IntervalNanoseconds);
        long due = Stopwatch.GetTimestamp();
        for (long i = 0; i < total; i++, due += interval)
        {
            long now = LatencyClock.WaitUntil(due);

            var e = new Event16(i, now);
            while (!writer.TryWrite(e))
            {
                workers.Pause();
            }
        }

        return 0;
    }

    private static long Consume(ChannelReader<Event16> reader, long total, LongHistogram histogram, Workers workers)
    {
        long sum = 0;
        for (long i = 0; i < total; i++)
        {
            Event16 e;
            while (!reader.TryRead(out e))
            {
                workers.Pause();
            }

            long now = Stopwatch.GetTimestamp();
            sum += LatencyClock.Observe(histogram, nameof(Channel), i, e.Sequence, now - e.Value);
        }

        return sum;
    }
}
