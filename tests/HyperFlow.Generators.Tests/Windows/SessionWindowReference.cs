using HyperFlow.Windows;

namespace HyperFlow.Generators.Tests.Windows;

/// <summary>
/// Event-time session windows with the event-time trigger: each key's sessions as a list of (window,
/// values, due). An event opens <c>[time, time + gap)</c>, which absorbs every session it touches until
/// none is left; the session fires at once if the watermark is past it (a late firing), else when the
/// watermark reaches it, and is dropped at its cleanup time. A new session that would be cleaned up
/// already takes nothing, and its event is late when <c>time + lateness ≤ watermark</c>.
/// </summary>
internal sealed class SessionWindowReference(Func<long, long> gapOf, long lateness, Func<IReadOnlyList<long>, long> compute) : IWindowReference
{
    private readonly Dictionary<long, List<Session>> _sessions = [];
    private long _watermark = long.MinValue;

    public void Add((long Key, long Value, long Time) e, List<WindowOut> results, List<(long Key, long Value, long Time)> late)
    {
        if (!_sessions.TryGetValue(e.Key, out List<Session>? sessions))
        {
            _sessions[e.Key] = sessions = [];
        }

        var window = new TimeWindow(e.Time, e.Time + gapOf(e.Value));
        List<long> values = [e.Value];
        List<Session> absorbed;
        while ((absorbed = [.. sessions.Where(s => s.Window.Intersects(window))]).Count > 0)
        {
            foreach (Session s in absorbed)
            {
                sessions.Remove(s);
                window = window.Cover(s.Window);
                values.InsertRange(0, s.Values);
            }
        }

        if (CleanupTime(window) <= _watermark)
        {
            if (e.Time + lateness <= _watermark)
            {
                late.Add(e);
            }

            return;
        }

        var session = new Session(window, values) { Due = window.MaxTimestamp > _watermark };
        sessions.Add(session);
        if (!session.Due)
        {
            results.Add(new WindowOut(e.Key, window.Start, window.End, compute(values)));
        }
    }

    public void AdvanceWatermark(long watermark, List<WindowOut> results)
    {
        if (watermark <= _watermark)
        {
            return;
        }

        _watermark = watermark;
        foreach ((long key, List<Session> sessions) in _sessions)
        {
            foreach (Session s in sessions.Where(s => s.Due && s.Window.MaxTimestamp <= watermark))
            {
                s.Due = false;
                results.Add(new WindowOut(key, s.Window.Start, s.Window.End, compute(s.Values)));
            }

            sessions.RemoveAll(s => CleanupTime(s.Window) <= watermark);
        }
    }

    private long CleanupTime(TimeWindow window) => window.MaxTimestamp > long.MaxValue - lateness ? long.MaxValue : window.MaxTimestamp + lateness;

    private sealed record Session(TimeWindow Window, List<long> Values)
    {
        public bool Due { get; set; }
    }
}
