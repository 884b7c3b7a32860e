using HyperFlow.Timers;

namespace HyperFlow.Windows;

/// <summary>Hands the timers of a <see cref="WindowOperator{TKey, TIn, TOut}"/> back to it.</summary>
internal readonly struct WindowTimerTarget<TKey, TIn, TOut>(WindowOperator<TKey, TIn, TOut> owner) : ITimerTarget<TKey, TimeWindow>
    where TKey : notnull
{
    public void OnTimer(in TKey key, in TimeWindow ns, long time, TimeDomain domain) => owner.OnTimer(key, ns, time, domain);
}
