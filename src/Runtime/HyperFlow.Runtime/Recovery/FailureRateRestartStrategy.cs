namespace HyperFlow;

/// <summary><see cref="RestartStrategy.FailureRate"/> (Flink's <c>FailureRateRestartBackoffTimeStrategy</c>).</summary>
internal sealed class FailureRateRestartStrategy : RestartStrategy
{
    private readonly int _maxFailuresPerInterval;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _delay;

    /// <summary>Checks and keeps the settings.</summary>
    /// <param name="maxFailuresPerInterval">The most failures tolerated within one interval.</param>
    /// <param name="interval">The length of the sliding window.</param>
    /// <param name="delay">The wait before each restart.</param>
    public FailureRateRestartStrategy(int maxFailuresPerInterval, TimeSpan interval, TimeSpan delay)
    {
        Require(maxFailuresPerInterval >= 1, nameof(FailureRate), nameof(maxFailuresPerInterval), maxFailuresPerInterval, "1 or more");
        Require(interval > TimeSpan.Zero, nameof(FailureRate), nameof(interval), interval, "more than 0");
        RequireDelay(nameof(FailureRate), nameof(delay), delay);
        _maxFailuresPerInterval = maxFailuresPerInterval;
        _interval = interval;
        _delay = delay;
    }

    /// <inheritdoc/>
    public override RestartBackoff Start(TimeProvider clock) => new Backoff(this, clock);

    /// <inheritdoc/>
    public override string ToString()
        => $"failure rate ({Count(_maxFailuresPerInterval, "failure")} per {DurationText.Format(_interval)}, {DurationText.Format(_delay)})";

    private sealed class Backoff(FailureRateRestartStrategy strategy, TimeProvider clock) : RestartBackoff(clock)
    {
        // The failures within the interval before the latest one, oldest first: never more than max + 1.
        private readonly Queue<DateTimeOffset> _recent = new(strategy._maxFailuresPerInterval + 1);

        private protected override TimeSpan? NextDelay(DateTimeOffset now)
        {
            _recent.Enqueue(now);
            while (now - _recent.Peek() > strategy._interval)
            {
                _recent.Dequeue();
            }

            return _recent.Count <= strategy._maxFailuresPerInterval ? strategy._delay : null;
        }

        private protected override string DescribeGiveUp()
            => $"gave up after {Count(Restarts, "restart")}: {Count(_recent.Count, "failure")} within {DurationText.Format(strategy._interval)}, "
                + $"more than {strategy} allows";
    }
}
