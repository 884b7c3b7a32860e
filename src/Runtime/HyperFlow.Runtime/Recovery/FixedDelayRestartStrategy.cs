namespace HyperFlow;

/// <summary><see cref="RestartStrategy.FixedDelay"/> (Flink's <c>FixedDelayRestartBackoffTimeStrategy</c>).</summary>
internal sealed class FixedDelayRestartStrategy : RestartStrategy
{
    private readonly int _maxAttempts;
    private readonly TimeSpan _delay;

    /// <summary>Checks and keeps the settings.</summary>
    /// <param name="maxAttempts">The restarts allowed over the job's life.</param>
    /// <param name="delay">The wait before each.</param>
    public FixedDelayRestartStrategy(int maxAttempts, TimeSpan delay)
    {
        Require(maxAttempts >= 0, nameof(FixedDelay), nameof(maxAttempts), maxAttempts, "0 or more (0 never restarts)");
        RequireDelay(nameof(FixedDelay), nameof(delay), delay);
        _maxAttempts = maxAttempts;
        _delay = delay;
    }

    /// <inheritdoc/>
    public override RestartBackoff Start(TimeProvider clock) => new Backoff(this, clock);

    /// <inheritdoc/>
    public override string ToString() => $"fixed delay ({Count(_maxAttempts, "attempt")}, {DurationText.Format(_delay)})";

    private sealed class Backoff(FixedDelayRestartStrategy strategy, TimeProvider clock) : RestartBackoff(clock)
    {
        private protected override TimeSpan? NextDelay(DateTimeOffset now) => Restarts < strategy._maxAttempts ? strategy._delay : null;

        private protected override string DescribeGiveUp() => $"gave up after {Count(Restarts, "restart")}: {strategy} allows no more";
    }
}
