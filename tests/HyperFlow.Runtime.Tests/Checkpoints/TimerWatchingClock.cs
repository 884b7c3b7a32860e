using Microsoft.Extensions.Time.Testing;

namespace HyperFlow.Runtime.Tests.Checkpoints;

/// <summary>
/// A fake clock that tells when timers of a given due time have been created, so a test advances the clock
/// only once the engine waits on it (and knows that whatever the engine decided before creating the timer
/// has happened).
/// </summary>
public sealed class TimerWatchingClock : FakeTimeProvider
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TimeSpan, int> _created = [];
    private readonly List<(TimeSpan DueTime, int Count, TaskCompletionSource Done)> _waiters = [];

    public TimerWatchingClock()
        : base(DateTimeOffset.UnixEpoch.AddYears(56))
    {
    }

    /// <summary>Completes once <paramref name="count"/> timers due after <paramref name="dueTime"/> have been created in all.</summary>
    public Task TimerCreated(TimeSpan dueTime, int count = 1)
    {
        lock (_lock)
        {
            if (_created.GetValueOrDefault(dueTime) >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((dueTime, count, done));
            return done.Task;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ITimer timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_lock)
        {
            int created = _created[dueTime] = _created.GetValueOrDefault(dueTime) + 1;
            foreach (var waiter in _waiters.Where(w => w.DueTime == dueTime && w.Count <= created).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }

        return timer;
    }
}
