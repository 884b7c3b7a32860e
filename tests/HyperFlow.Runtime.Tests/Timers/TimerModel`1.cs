using HyperFlow.Timers;

namespace HyperFlow.Runtime.Tests.Timers;

/// <summary>
/// The obviously-correct reference for <see cref="TimerService{TKey, TNamespace}"/>: per domain a
/// <see cref="SortedSet{T}"/> of pending timers ordered by (time, registration number), and a
/// dictionary of what is pending for deduplication.
/// </summary>
internal sealed class TimerModel<TKey>
    where TKey : notnull
{
    private static readonly Comparer<Entry> s_order = Comparer<Entry>.Create(static (a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Sequence.CompareTo(b.Sequence));

    private readonly SortedSet<Entry> _eventTime = new(s_order);
    private readonly SortedSet<Entry> _processingTime = new(s_order);
    private readonly Dictionary<(TKey Key, TestWindow Window, long Time, TimeDomain Domain), long> _pending = [];
    private long _nextSequence;

    public long Watermark { get; private set; } = long.MinValue;

    public int Count(TimeDomain domain) => Set(domain).Count;

    public long NextTime(TimeDomain domain) => Set(domain).Count > 0 ? Set(domain).Min.Time : long.MaxValue;

    public IReadOnlyList<FiredTimer<TKey>> Pending(TimeDomain domain)
        => [.. Set(domain).Select(e => new FiredTimer<TKey>(e.Key, e.Window, e.Time, domain))];

    public bool Register(TKey key, TestWindow window, long time, TimeDomain domain)
    {
        if (!_pending.TryAdd((key, window, time, domain), _nextSequence))
        {
            return false;
        }

        Set(domain).Add(new Entry(time, _nextSequence++, key, window));
        return true;
    }

    public bool Delete(TKey key, TestWindow window, long time, TimeDomain domain)
    {
        if (!_pending.Remove((key, window, time, domain), out long sequence))
        {
            return false;
        }

        Set(domain).Remove(new Entry(time, sequence, key, window));
        return true;
    }

    public List<FiredTimer<TKey>> AdvanceWatermark(long watermark, bool react)
    {
        Watermark = Math.Max(Watermark, watermark);
        return Fire(TimeDomain.EventTime, Watermark, react);
    }

    public List<FiredTimer<TKey>> AdvanceProcessingTime(long now, bool react) => Fire(TimeDomain.ProcessingTime, now, react);

    /// <summary>What a restore does to the service: the watermark is not checkpointed.</summary>
    public void Restored() => Watermark = long.MinValue;

    private List<FiredTimer<TKey>> Fire(TimeDomain domain, long upTo, bool react)
    {
        var fired = new List<FiredTimer<TKey>>();
        SortedSet<Entry> set = Set(domain);
        while (set.Count > 0 && set.Min.Time <= upTo)
        {
            Entry first = set.Min;
            set.Remove(first);
            _pending.Remove((first.Key, first.Window, first.Time, domain));
            fired.Add(new FiredTimer<TKey>(first.Key, first.Window, first.Time, domain));
            if (react && Reaction.FollowUp(first.Time) is long next)
            {
                Register(first.Key, first.Window, next, domain);
            }

            if (react && Reaction.Deleted(first.Time) is long deleted)
            {
                Delete(first.Key, first.Window, deleted, domain);
            }
        }

        return fired;
    }

    private SortedSet<Entry> Set(TimeDomain domain) => domain == TimeDomain.EventTime ? _eventTime : _processingTime;

    private readonly record struct Entry(long Time, long Sequence, TKey Key, TestWindow Window);
}
