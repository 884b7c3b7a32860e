using System.Diagnostics;
using HdrHistogram;
using HyperFlow.Runtime.Sequencing;

namespace HyperFlow.PerfHarness.Rings;

/// <summary>
/// One-way latency at a steady rate: the producer sends one event every <see cref="IntervalNanoseconds"/>
/// (busy-waiting for the send time: sleeping is far coarser than the interval), stamped with
/// <see cref="Stopwatch.GetTimestamp"/> as it sends; the consumer records arrival − stamp. Both threads
/// pinned and spinning.
/// <code>
///   +--------------------+     +---------------+     +------------------------+
///   | P1: 1 event / 2 us | --> | SpscRing 4096 | --> | C1: record now - stamp |
///   +--------------------+     +---------------+     +------------------------+
/// </code>
/// </summary>
/// <remarks>
/// The stamp is the actual send time, so this measures the hand-off (plus any consumer stall), not
/// what a source would see: a producer that is descheduled sends late, and its delay is not charged
/// (no coordinated-omission correction). Send times stay on the fixed schedule, so after such a stall
/// the late events go out back to back and their queueing is measured. The rate is far below either
/// transport's throughput, so otherwise the ring or channel is almost always empty.
/// </remarks>
internal static class PacedOneWayRing
{
    /// <summary>The interval between sends.</summary>
    public const long IntervalNanoseconds = 2_000;

    /// <summary>Slots in the ring.</summary>
    public const int Capacity = 4096;

    /// <summary>Sends <see cref="LatencyClock.WarmupMessages"/> + <paramref name="messages"/> paced events, recording the last <paramref name="messages"/>.</summary>
    /// <param name="messages">Events recorded.</param>
    /// <param name="histogram">Receives the one-way latency in nanoseconds.</param>
    /// <returns>The sum of the recorded sequences received.</returns>
    public static long Run(long messages, LongHistogram histogram)
    {
        var ring = new SpscRing<Event16>(Capacity);
        long total = LatencyClock.WarmupMessages + messages;
        return Workers.Run(
            pin: true,
            WaitMode.Spin,
            w => Produce(ring, total, w),
            w => Consume(ring, total, histogram, w))[1];
    }

    private static long Produce(SpscRing<Event16> ring, long total, Workers workers)
    {
        long interval = LatencyClock.TicksOf(IntervalNanoseconds);
        long due = Stopwatch.GetTimestamp();
        for (long i = 0; i < total; i++, due += interval)
        {
            long now = LatencyClock.WaitUntil(due);

            var e = new Event16(i, now);
            while (!ring.TryWrite(in e))
            {
                workers.Pause();
            }
        }

        return 0;
    }

    private static long Consume(SpscRing<Event16> ring, long total, LongHistogram histogram, Workers workers)
    {
        long sum = 0;
        for (long i = 0; i < total; i++)
        {
            Event16 e;
            while (!ring.TryRead(out e))
            {
                workers.Pause();
            }

            long now = Stopwatch.GetTimestamp();
            sum += LatencyClock.Observe(histogram, nameof(SpscRing<>), i, e.Sequence, now - e.Value);
        }

        return sum;
    }
}
