using HyperFlow.Windows;

namespace HyperFlow.Generators.Tests.Windows;

/// <summary>
/// Tumbling or sliding event-time windows with the event-time trigger, kept naively: every window's
/// values in a list, windows found by trying every start, a window's value recomputed each time it
/// fires. A window is gone once the watermark reaches its cleanup time (<c>End − 1 + lateness</c>); an
/// event in a window whose end the watermark passed fires it at once; an event in no live window is
/// late when <c>time + lateness ≤ watermark</c>.
/// </summary>
internal sealed class AlignedWindowReference(long size, long slide, long offset, long lateness, Func<IReadOnlyList<long>, long> compute) : IWindowReference
{
    private readonly Dictionary<(long Key, TimeWindow Window), List<long>> _contents = [];
    private readonly HashSet<(long Key, TimeWindow Window)> _timers = [];
    private long _watermark = long.MinValue;

    public void Add((long Key, long Value, long Time) e, List<WindowOut> results, List<(long Key, long Value, long Time)> late)
    {
        bool skipped = true;
        for (long start = e.Time - size + 1; start <= e.Time; start++)
        {
            var window = new TimeWindow(start, start + size);
            if (FloorMod(start - offset, slide) != 0 || CleanupTime(window) <= _watermark)
            {
                continue;
            }

            skipped = false;
            if (!_contents.TryGetValue((e.Key, window), out List<long>? values))
            {
                _contents[(e.Key, window)] = values = [];
            }

            values.Add(e.Value);
            if (window.MaxTimestamp <= _watermark)
            {
                results.Add(new WindowOut(e.Key, window.Start, window.End, compute(values)));
            }
            else
            {
                _timers.Add((e.Key, window));
            }
        }

        if (skipped && e.Time + lateness <= _watermark)
        {
            late.Add(e);
        }
    }

    public void AdvanceWatermark(long watermark, List<WindowOut> results)
    {
        if (watermark <= _watermark)
        {
            return;
        }

        _watermark = watermark;
        foreach ((long Key, TimeWindow Window) due in _timers.Where(t => t.Window.MaxTimestamp <= watermark).ToList())
        {
            _timers.Remove(due);
            results.Add(new WindowOut(due.Key, due.Window.Start, due.Window.End, compute(_contents[due])));
        }

        foreach ((long Key, TimeWindow Window) gone in _contents.Keys.Where(c => CleanupTime(c.Window) <= watermark).ToList())
        {
            _contents.Remove(gone);
        }
    }

    private long CleanupTime(TimeWindow window) => window.MaxTimestamp > long.MaxValue - lateness ? long.MaxValue : window.MaxTimestamp + lateness;

    private static long FloorMod(long value, long divisor) => ((value % divisor) + divisor) % divisor;
}
