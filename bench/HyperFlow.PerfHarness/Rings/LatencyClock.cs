using System.Diagnostics;
using System.Runtime.CompilerServices;
using HdrHistogram;

namespace HyperFlow.PerfHarness.Rings;

/// <summary>Converts <see cref="Stopwatch"/> ticks to the nanoseconds the latency histograms record.</summary>
/// <remarks>
/// <see cref="Stopwatch.GetElapsedTime(long)"/> is not used: a <see cref="TimeSpan"/> has 100 ns
/// resolution, coarser than the latencies measured.
/// </remarks>
internal static class LatencyClock
{
    /// <summary>Messages each latency run sends and does not record, so both threads are spinning and warm when recording starts.</summary>
    public const long WarmupMessages = 100_000;

    private static readonly double s_nanosecondsPerTick = 1e9 / Stopwatch.Frequency;

    /// <summary>Stopwatch ticks in <paramref name="nanoseconds"/> (at least 1).</summary>
    public static long TicksOf(long nanoseconds) => Math.Max(1, (long)(nanoseconds / s_nanosecondsPerTick));

    /// <summary>Records <paramref name="ticks"/> Stopwatch ticks as nanoseconds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Record(LongHistogram histogram, long ticks)
        // Clamped so an outlier beyond the histogram's range is counted at its top instead of throwing.
        => histogram.RecordValue(Math.Clamp((long)(ticks * s_nanosecondsPerTick), 0, LatencyRunner.HighestTrackableNanoseconds));

    /// <summary>Busy-waits until <paramref name="due"/> (Stopwatch ticks): the intervals paced here are shorter than any sleep or timer.</summary>
    /// <returns>The time the wait ended, in Stopwatch ticks.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long WaitUntil(long due)
    {
        long now;
        while ((now = Stopwatch.GetTimestamp()) < due)
        {
        }

        return now;
    }

    /// <summary>
    /// Checks that message <paramref name="index"/> arrived in order and, past the warm-up, records its
    /// latency. Shared by both sides of a latency case, so they check and record identically.
    /// </summary>
    /// <returns>The message's sequence when recorded (for the checksum), else 0.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Observe(LongHistogram histogram, string transport, long index, long sequence, long ticks)
    {
        if (sequence != index)
        {
            Delivery.ThrowOutOfOrder(transport, index, sequence);
        }

        if (index < WarmupMessages)
        {
            return 0;
        }

        Record(histogram, ticks);
        return sequence;
    }
}
