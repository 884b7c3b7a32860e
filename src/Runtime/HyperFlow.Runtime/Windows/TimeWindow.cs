using System.Runtime.CompilerServices;

namespace HyperFlow.Windows;

/// <summary>
/// A window of event or processing time: the timestamps in <c>[Start, End)</c>, as Apache Flink's
/// <c>TimeWindow</c>. Its results carry the timestamp <see cref="MaxTimestamp"/> (<c>End − 1</c>).
/// Timestamps are milliseconds.
/// </summary>
/// <param name="Start">The first timestamp in the window.</param>
/// <param name="End">The first timestamp after the window.</param>
public readonly record struct TimeWindow(long Start, long End)
{
    /// <summary>
    /// The single window of <see cref="GlobalWindows"/>: every timestamp. It never ends in event time;
    /// its results carry the timestamp <c>long.MaxValue − 1</c>.
    /// </summary>
    public static TimeWindow Global => new(long.MinValue, long.MaxValue);

    /// <summary>The last timestamp in the window, <c>End − 1</c>: the timestamp of its results, and the watermark at which it fires.</summary>
    public long MaxTimestamp => End - 1;

    /// <summary>
    /// The start of the window of length <paramref name="size"/> that holds <paramref name="timestamp"/>,
    /// when windows start at <paramref name="offset"/> plus a multiple of <paramref name="size"/>
    /// (Flink's <c>TimeWindow.getWindowStartWithOffset</c>, correct for negative timestamps too).
    /// </summary>
    /// <param name="timestamp">The timestamp.</param>
    /// <param name="offset">Where windows are aligned (any value; only its remainder by the size matters).</param>
    /// <param name="size">The window length (or slide), positive.</param>
    /// <returns>The largest aligned start not after the timestamp.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long StartOf(long timestamp, long offset, long size)
    {
        long remainder = (timestamp - offset) % size;
        return remainder < 0 ? timestamp - (remainder + size) : timestamp - remainder;
    }

    /// <summary>Whether the window overlaps or touches another (Flink's rule for merging session windows).</summary>
    /// <param name="other">The other window.</param>
    /// <returns><c>true</c> if <c>Start ≤ other.End</c> and <c>End ≥ other.Start</c>.</returns>
    public bool Intersects(TimeWindow other) => Start <= other.End && End >= other.Start;

    /// <summary>The smallest window that covers this one and another.</summary>
    /// <param name="other">The other window.</param>
    /// <returns>The window from the earlier start to the later end.</returns>
    public TimeWindow Cover(TimeWindow other) => new(Math.Min(Start, other.Start), Math.Max(End, other.End));
}
