using HyperFlow.Windows;

namespace HyperFlow.Runtime.Tests.Windows;

/// <summary>
/// An obviously correct, slow model of Flink's <c>WindowOperator</c> with event-time session windows and
/// the event-time trigger: each key's sessions are a list of (window, every element, due) entries. An
/// element opens <c>[timestamp, timestamp + gap)</c>, which absorbs every session it touches until none
/// is left to absorb; the session then fires at once if the watermark is past it (a late firing) or
/// else when the watermark reaches it; it is dropped at its cleanup time (<c>End − 1 + allowedLateness</c>).
/// A new session that would be cleaned up already takes nothing, and its element goes to the late
/// output when <c>timestamp + allowedLateness ≤ watermark</c>.
/// </summary>
internal sealed class SessionWindowReference<TOut>(Func<long, long> gapOf, long lateness, Func<IReadOnlyList<long>, TOut> compute) : IWindowReference<TOut>
{
    private readonly Dictionary<long, List<Session>> _sessions = [];

    public long Watermark { get; private set; } = long.MinValue;

    public void Add(long key, long value, long timestamp, List<WindowResult<long, TOut>> results, List<(long, long)> late)
    {
        if (!_sessions.TryGetValue(key, out List<Session>? sessions))
        {
            _sessions[key] = sessions = [];
        }

        var window = new TimeWindow(timestamp, timestamp + gapOf(value));
        List<long> values = [value];
        List<Session> absorbed;
        while ((absorbed = sessions.Where(s => s.Window.Intersects(window)).ToList()).Count > 0)
        {
            foreach (Session s in absorbed)
            {
                sessions.Remove(s);
                window = window.Cover(s.Window);
                values.InsertRange(0, s.Values);
            }
        }

        if (CleanupTime(window) <= Watermark)
        {
            if (timestamp + lateness <= Watermark)
            {
                late.Add((value, timestamp));
            }

            return;
        }

        var session = new Session(window, values) { Due = window.MaxTimestamp > Watermark };
        sessions.Add(session);
        if (!session.Due)
        {
            results.Add(new WindowResult<long, TOut>(key, window, compute(values)));
        }
    }

    public void AdvanceWatermark(long watermark, List<WindowResult<long, TOut>> results)
    {
        if (watermark <= Watermark)
        {
            return;
        }

        Watermark = watermark;
        foreach ((long key, List<Session> sessions) in _sessions)
        {
            foreach (Session s in sessions.Where(s => s.Due && s.Window.MaxTimestamp <= watermark))
            {
                s.Due = false;
                results.Add(new WindowResult<long, TOut>(key, s.Window, compute(s.Values)));
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
