using System.Runtime.InteropServices;

namespace HyperFlow.Bench;

/// <summary>
/// The peer of <see cref="TumblingSumJob"/>: the same sums written by hand as one loop on one thread, the
/// way one would without a stream processor, relying on the events arriving in timestamp order: a
/// dictionary of sums for the current second, emitted and cleared when an event of the next second
/// arrives.
/// </summary>
public static class HandWrittenTumblingSum
{
    /// <summary>Runs the loop over the generator's events.</summary>
    /// <param name="events">The number of events.</param>
    /// <returns>The checksum of the results (as <see cref="WindowChecksumSink.Checksum"/>).</returns>
    public static long Run(long events)
    {
        var sums = new Dictionary<long, long>();
        long windowEnd = long.MinValue;
        long checksum = 0;
        for (long i = 0; i < events; i++)
        {
            WindowEvent e = WindowEventGenerator.At(i);
            if (e.TimeMs >= windowEnd)
            {
                checksum += Emit(sums, windowEnd);
                windowEnd = (e.TimeMs / 1_000 * 1_000) + 1_000;
            }

            CollectionsMarshal.GetValueRefOrAddDefault(sums, e.Key, out _) += e.Value;
        }

        return checksum + Emit(sums, windowEnd);
    }

    private static long Emit(Dictionary<long, long> sums, long windowEnd)
    {
        long checksum = 0;
        foreach ((long key, long sum) in sums)
        {
            checksum += WindowChecksum.Of(key, windowEnd, sum);
        }

        sums.Clear();
        return checksum;
    }
}
