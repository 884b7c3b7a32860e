namespace HyperFlow.Timers;

/// <summary>
/// What a <see cref="TimerService{TKey, TNamespace}"/> calls for each timer that fires. Implement it on
/// a struct and pass it by <c>ref</c>: the service is generic over the target's type, so the call is
/// direct and can be inlined, with no delegate or interface dispatch per timer.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TNamespace">The namespace type (a window, or <see cref="VoidNamespace"/>).</typeparam>
public interface ITimerTarget<TKey, TNamespace>
    where TKey : notnull
    where TNamespace : unmanaged, IEquatable<TNamespace>
{
    /// <summary>
    /// Handles a timer that fired. The timer has been removed already, so deleting it is a no-op and
    /// registering it again creates a new timer. The target may register and delete timers; an
    /// event-time timer it registers at or before the watermark being advanced to fires in the same
    /// advance (likewise for processing time).
    /// </summary>
    /// <param name="key">The timer's key; set the operator's current key to it before using its keyed state.</param>
    /// <param name="ns">The timer's namespace.</param>
    /// <param name="time">The timer's time (event time or Unix milliseconds).</param>
    /// <param name="domain">Which clock the timer followed.</param>
    void OnTimer(in TKey key, in TNamespace ns, long time, TimeDomain domain);
}
