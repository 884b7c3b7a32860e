namespace HyperFlow.Runtime.Sequencing;

/// <summary>
/// Lets a blocked consumer sleep and its producers wake it. The consumer announces it is about to sleep,
/// re-checks its inputs, then waits; a producer, after publishing, wakes it if it announced. Both sides
/// use a full fence between their write and their read (Dekker), so a publish is never missed. Sleeping
/// is a plain monitor wait: unlike SemaphoreSlim it does not spin first, so an idle slot costs nothing.
/// </summary>
public sealed class WakeSignal
{
    private readonly object _lock = new();
    private int _sleeping;
    private bool _woken;

    /// <summary>Producer: called after publishing; wakes the consumer if it is asleep or about to sleep.</summary>
    public void Notify()
    {
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _sleeping) != 0 && Interlocked.Exchange(ref _sleeping, 0) != 0)
        {
            lock (_lock)
            {
                _woken = true;
                Monitor.Pulse(_lock);
            }
        }
    }

    /// <summary>Consumer: announces the intent to sleep. Re-check the inputs after this, then call <see cref="Sleep"/> or <see cref="CancelSleep"/>.</summary>
    public void PrepareToSleep() => Interlocked.Exchange(ref _sleeping, 1);

    /// <summary>Consumer: the re-check found work; do not sleep.</summary>
    public void CancelSleep() => Volatile.Write(ref _sleeping, 0);

    /// <summary>Consumer: sleeps until notified or until <paramref name="timeout"/>.</summary>
    /// <param name="timeout">The longest sleep.</param>
    public void Sleep(TimeSpan timeout)
    {
        lock (_lock)
        {
            if (!_woken)
            {
                Monitor.Wait(_lock, timeout);
            }

            _woken = false;
        }

        Volatile.Write(ref _sleeping, 0);
    }
}
