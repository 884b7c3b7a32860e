using HyperFlow.Storage.Keys;
using HyperFlow.Timers;

namespace HyperFlow.Runtime.Tests.Timers;

/// <summary>
/// A timer target that records what fires and, when given the service, reacts as
/// <see cref="Reaction"/> says: registers a follow-up timer and deletes another, from inside OnTimer.
/// </summary>
internal readonly struct Recorder<TKey>(List<FiredTimer<TKey>> fired, TimerService<TKey, TestWindow>? reactOn = null) : ITimerTarget<TKey, TestWindow>
    where TKey : notnull
{
    public List<FiredTimer<TKey>> Fired => fired;

    public void OnTimer(in TKey key, in TestWindow ns, long time, TimeDomain domain)
    {
        fired.Add(new FiredTimer<TKey>(key, ns, time, domain));
        if (reactOn is null)
        {
            return;
        }

        ulong hash = KeyHash.Of(key);
        if (Reaction.FollowUp(time) is long next)
        {
            _ = domain == TimeDomain.EventTime
                ? reactOn.RegisterEventTimeTimer(key, hash, ns, next)
                : reactOn.RegisterProcessingTimeTimer(key, hash, ns, next);
        }

        if (Reaction.Deleted(time) is long deleted)
        {
            _ = domain == TimeDomain.EventTime
                ? reactOn.DeleteEventTimeTimer(key, hash, ns, deleted)
                : reactOn.DeleteProcessingTimeTimer(key, hash, ns, deleted);
        }
    }
}
