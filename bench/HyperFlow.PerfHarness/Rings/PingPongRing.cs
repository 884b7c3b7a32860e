using System.Diagnostics;
using HdrHistogram;
using HyperFlow.Runtime.Sequencing;

namespace HyperFlow.PerfHarness.Rings;

/// <summary>
/// Round-trip latency between two pinned, busy-spinning threads over two <see cref="SpscRing{T}"/>s:
/// the pinger sends a sequence, the ponger echoes it back, the pinger records half the round trip.
/// One message is in flight at a time, so this is the ring's idle-to-visible latency (the cache-line
/// hand-off), not its throughput.
/// <code>
///   +--------+ --- ping ring ---> +--------+
///   | pinger |                    | ponger |
///   +--------+ &lt;-- pong ring ---- +--------+
/// </code>
/// </summary>
internal static class PingPongRing
{
    /// <summary>Slots per ring (one is used at a time).</summary>
    public const int Capacity = 4096;

    /// <summary>Sends <see cref="LatencyClock.WarmupMessages"/> + <paramref name="messages"/> round trips, recording the last <paramref name="messages"/>.</summary>
    /// <param name="messages">Round trips recorded.</param>
    /// <param name="histogram">Receives round trip / 2 in nanoseconds.</param>
    /// <returns>The sum of the recorded sequences that came back.</returns>
    public static long Run(long messages, LongHistogram histogram)
    {
        var ping = new SpscRing<Event16>(Capacity);
        var pong = new SpscRing<Event16>(Capacity);
        long total = LatencyClock.WarmupMessages + messages;
        return Workers.Run(
            pin: true,
            WaitMode.Spin,
            w => Ping(ping, pong, total, histogram, w),
            w => Pong(ping, pong, total, w))[0];
    }

    private static long Ping(SpscRing<Event16> ping, SpscRing<Event16> pong, long total, LongHistogram histogram, Workers workers)
    {
        long sum = 0;
        for (long i = 0; i < total; i++)
        {
            long start = Stopwatch.GetTimestamp();
            var message = new Event16(i, start);
            while (!ping.TryWrite(in message))
            {
                workers.Pause();
            }

            Event16 echo;
            while (!pong.TryRead(out echo))
            {
                workers.Pause();
            }

            long end = Stopwatch.GetTimestamp();
            sum += LatencyClock.Observe(histogram, nameof(SpscRing<>), i, echo.Sequence, (end - start) / 2);
        }

        return sum;
    }

    private static long Pong(SpscRing<Event16> ping, SpscRing<Event16> pong, long total, Workers workers)
    {
        for (long i = 0; i < total; i++)
        {
            Event16 message;
            while (!ping.TryRead(out message))
            {
                workers.Pause();
            }

            while (!pong.TryWrite(in message))
            {
                workers.Pause();
            }
        }

        return 0;
    }
}
