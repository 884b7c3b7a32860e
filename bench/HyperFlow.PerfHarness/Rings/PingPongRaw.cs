using System.Diagnostics;
using System.Runtime.InteropServices;
using HdrHistogram;

namespace HyperFlow.PerfHarness.Rings;

/// <summary>
/// The floor for <see cref="PingPongRing"/>: the same round trip with no queue at all, two threads
/// bouncing a sequence through two volatile fields on separate cache lines. What is left is the cost of
/// moving a cache line between the two CPUs and back, so HyperFlow/floor says what the ring adds.
/// <code>
///   +--------+ --- ping field ---> +--------+
///   | pinger |                     | ponger |
///   +--------+ &lt;-- pong field ---- +--------+
/// </code>
/// </summary>
internal static class PingPongRaw
{
    /// <summary>Sends <see cref="LatencyClock.WarmupMessages"/> + <paramref name="messages"/> round trips, recording the last <paramref name="messages"/>.</summary>
    /// <param name="messages">Round trips recorded.</param>
    /// <param name="histogram">Receives round trip / 2 in nanoseconds.</param>
    /// <returns>The sum of the recorded sequences that came back.</returns>
    public static long Run(long messages, LongHistogram histogram)
    {
        var lines = new Lines();
        long total = LatencyClock.WarmupMessages + messages;
        return Workers.Run(
            pin: true,
            WaitMode.Spin,
            w => Ping(lines, total, histogram, w),
            w => Pong(lines, total, w))[0];
    }

    private static long Ping(Lines lines, long total, LongHistogram histogram, Workers workers)
    {
        long sum = 0;
        for (long i = 1; i <= total; i++)
        {
            long start = Stopwatch.GetTimestamp();
            Volatile.Write(ref lines.Fields.Ping, i);
            while (Volatile.Read(ref lines.Fields.Pong) != i)
            {
                workers.Pause();
            }

            long end = Stopwatch.GetTimestamp();
            if (i > LatencyClock.WarmupMessages)
            {
                LatencyClock.Record(histogram, (end - start) / 2);
                sum += i - 1;
            }
        }

        return sum;
    }

    private static long Pong(Lines lines, long total, Workers workers)
    {
        for (long i = 1; i <= total; i++)
        {
            while (Volatile.Read(ref lines.Fields.Ping) != i)
            {
                workers.Pause();
            }

            Volatile.Write(ref lines.Fields.Pong, i);
        }

        return 0;
    }

    private sealed class Lines
    {
        public PaddedPair Fields;
    }

    // Each field alone on its cache line, as the ring's sequences are.
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct PaddedPair
    {
        [FieldOffset(64)]
        public long Ping;

        [FieldOffset(192)]
        public long Pong;
    }
}
