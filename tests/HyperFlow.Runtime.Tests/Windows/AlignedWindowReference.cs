using HyperFlow.Windows;

namespace HyperFlow.Runtime.Tests.Windows;

/// <summary>
/// An obviously correct, slow model of Flink's <c>WindowOperator</c> with tumbling or sliding event-time
/// windows and the event-time trigger: every window's elements are kept in a list (no slices), windows
/// are found by trying every start, and a window's value is recomputed from its list each time it fires.
/// Lateness rules as in Flink: a window is late once the watermark reaches its cleanup time
/// (<c>End − 1 + allowedLateness</c>); an element in a window whose end the watermark passed fires it at
/// once; an element in no live window goes to the late output when <c>timestamp + allowedLateness ≤ watermark</c>.
/// </summary>
internal sealed class AlignedWindowReference<TOut>(long size, long slide, long offset, long lateness, Func<IReadOnlyList<long>, TOut> compute) : IWindowReference<TOut>
{
    private readonly Dictionary<(long Key, TimeWindow Window), List<long>> _contents = [];
    private readonly HashSet<(long Key, TimeWindow Window)> _timers = [];

    public long Watermark { get; private set; } = long.MinValue;

    public void Add(long key, long value, long timestamp, List<WindowResult<long, TOut>> results, List<(long, long)> late)
    {
        bool skipped = true;
        for (long start = timestamp - size + 1; start <= timestamp; start++)
        {
            if (FloorMod(start - offset, slide) != 0)
            {
                continue;
            }

            var window = new TimeWindow(start, start + size);
            if (CleanupTime(window) <= Watermark)
            {
                continue;
            }

            skipped = false;
            if (!_contents.TryGetValue((key, window), out List<long>? values))
            {
                _contents[(key, window)] = values = [];
            }

            values.Add(value);
            if (window.MaxTimestamp <= Watermark)
            {
                results.Add(new WindowResult<long, TOut>(key, window, compute(values)));
            }
            else
            {
                _timers.Add((key, window));
            }
        }

        if (skipped && timestamp + lateness <= Watermark)
        {
            late.Add((value, timestamp));
        }
    }

    public void AdvanceWatermark(long watermark, List<WindowResult<long, TOut>> results)
    {
        if (watermark <= Watermark)
        {
            return;
        }

        Watermark = watermark;
        foreach ((long Key, TimeWindow Window) due in _timers.Where(t => t.Window.MaxTimestamp <= watermark).ToList())
        {
            _timers.Remove(due);
            if (_contents.TryGetValue(due, out List<long>? values))
            {
                results.Add(new WindowResult<long, TOut>(due.Key, due.Window, compute(values)));
            }
        }

        foreach ((long Key, TimeWindow Window) expired in _contents.Keys.Where(c => CleanupTime(c.Window) <= watermark).ToList())
        {
            _contents.Remove(expired);
        }
    }

    private long CleanupTime(TimeWindow window) => window.MaxTimestamp > long.MaxValue - lateness ? long.MaxValue : window.MaxTimestamp + lateness;

    private static long FloorMod(long value, long divisor) => ((value % divisor) + divisor) % divisor;
}
