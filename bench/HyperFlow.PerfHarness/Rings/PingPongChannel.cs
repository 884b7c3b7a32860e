using System.Diagnostics;
using System.Threading.Channels;
using HdrHistogram;

namespace HyperFlow.PerfHarness.Rings;

/// <summary>
/// The BCL peer of <see cref="PingPongRing"/>: the same pinned, busy-spinning threads and protocol over
/// two bounded single-reader, single-writer <see cref="Channel{T}"/>s used synchronously.
/// <code>
///   +--------+ --- ping channel ---> +--------+
///   | pinger |                       | ponger |
///   +--------+ &lt;-- pong channel ---- +--------+
/// </code>
/// </summary>
internal static class PingPongChannel
{
    /// <summary>Sends <see cref="LatencyClock.WarmupMessages"/> + <paramref name="messages"/> round trips, recording the last <paramref name="messages"/>.</summary>
    /// <param name="messages">Round trips recorded.</param>
    /// <param name="histogram">Receives round trip / 2 in nanoseconds.</param>
    /// <returns>The sum of the recorded sequences that came back, equal to <see cref="PingPongRing"/>'s.</returns>
    public static long Run(long messages, LongHistogram histogram)
    {
        Channel<Event16> ping = Create();
        Channel<Event16> pong = Create();
        long total = LatencyClock.WarmupMessages + messages;
        return Workers.Run(
            pin: true,
            WaitMode.Spin,
            w => Ping(ping.Writer, pong.Reader, total, histogram, w),
            w => Pong(ping.Reader, pong.Writer, total, w))[0];
    }

    private static Channel<Event16> Create() => Channel.CreateBounded<Event16>(new BoundedChannelOptions(PingPongRing.Capacity)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
        AllowSynchronousContinuations = false,
    });

    private static long Ping(ChannelWriter<Event16> ping, ChannelReader<Event16> pong, long total, LongHistogram histogram, Workers workers)
    {
        long sum = 0;
        for (long i = 0; i < total; i++)
        {
            long start = Stopwatch.GetTimestamp();
            var message = new Event16(i, start);
            while (!ping.TryWrite(message))
            {
                workers.Pause();
            }

            Event16 echo;
            while (!pong.TryRead(out echo))
            {
                workers.Pause();
            }

            long end = Stopwatch.GetTimestamp();
            sum += LatencyClock.Observe(histogram, nameof(Channel), i, echo.Sequence, (end - start) / 2);
        }

        return sum;
    }

    private static long Pong(ChannelReader<Event16> ping, ChannelWriter<Event16> pong, long total, Workers workers)
    {
        for (long i = 0; i < total; i++)
        {
            Event16 message;
            while (!ping.TryRead(out message))
            {
                workers.Pause();
            }

            while (!pong.TryWrite(message))
            {
                workers.Pause();
            }
        }

        return 0;
    }
}
