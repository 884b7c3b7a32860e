using System.Globalization;

namespace HyperFlow;

/// <summary><see cref="RestartStrategy.ExponentialBackoff"/> (Flink's <c>ExponentialDelayRestartBackoffTimeStrategy</c>).</summary>
internal sealed class ExponentialBackoffRestartStrategy : RestartStrategy
{
    private readonly TimeSpan _initialDelay;
    private readonly TimeSpan _maxDelay;
    private readonly double _multiplier;
    private readonly double _jitter;
    private readonly TimeSpan _resetAfter;
    private readonly int _maxAttempts;
    private readonly int? _seed;

    /// <summary>Checks and keeps the settings (see <see cref="RestartStrategy.ExponentialBackoff"/>).</summary>
    /// <param name="initialDelay">The first delay.</param>
    /// <param name="maxDelay">The cap on the nominal delay.</param>
    /// <param name="multiplier">The growth factor.</param>
    /// <param name="jitter">The random spread.</param>
    /// <param name="resetAfter">The healthy run time that resets the backoff.</param>
    /// <param name="maxAttempts">The restarts allowed in a row without a reset.</param>
    /// <param name="seed">The jitter's seed, or <c>null</c>.</param>
    public ExponentialBackoffRestartStrategy(TimeSpan initialDelay, TimeSpan maxDelay, double multiplier, double jitter, TimeSpan resetAfter, int maxAttempts, int? seed)
    {
        const string Factory = nameof(ExponentialBackoff);
        Require(initialDelay > TimeSpan.Zero && initialDelay <= LongestDelay, Factory, nameof(initialDelay), initialDelay,
            $"more than 0 and at most {DurationText.Format(LongestDelay)} (the longest wait a TimeProvider timer supports)");
        Require(maxDelay >= initialDelay && maxDelay <= LongestDelay, Factory, nameof(maxDelay), maxDelay,
            $"from initialDelay ({DurationText.Format(initialDelay)}) to {DurationText.Format(LongestDelay)} (the longest wait a TimeProvider timer supports)");
        Require(multiplier >= 1 && double.IsFinite(multiplier), Factory, nameof(multiplier), multiplier, "a finite number, 1 or more (1 keeps the delay fixed)");
        Require(jitter is >= 0 and <= 1, Factory, nameof(jitter), jitter, "from 0 (no jitter) to 1");
        Require(resetAfter > TimeSpan.Zero, Factory, nameof(resetAfter), resetAfter, "more than 0 (null for Flink's default, 1 h)");
        Require(maxAttempts >= 1, Factory, nameof(maxAttempts), maxAttempts, "1 or more (RestartStrategy.None never restarts)");
        _initialDelay = initialDelay;
        _maxDelay = maxDelay;
        _multiplier = multiplier;
        _jitter = jitter;
        _resetAfter = resetAfter;
        _maxAttempts = maxAttempts;
        _seed = seed;
    }

    /// <inheritdoc/>
    public override RestartBackoff Start(TimeProvider clock) => new Backoff(this, clock);

    /// <inheritdoc/>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture,
            $"exponential backoff ({DurationText.Format(_initialDelay)} to {DurationText.Format(_maxDelay)}, x{_multiplier:0.###}, jitter {_jitter * 100:0.##}%, "
            + $"reset after {DurationText.Format(_resetAfter)}, {(_maxAttempts == int.MaxValue ? "unlimited attempts" : Count(_maxAttempts, "attempt"))})");

    private sealed class Backoff(ExponentialBackoffRestartStrategy strategy, TimeProvider clock) : RestartBackoff(clock)
    {
        private readonly Random? _random = strategy._jitter == 0 ? null : strategy._seed is { } seed ? new Random(seed) : new Random();

        // The nominal (unjittered) delay of the latest restart, when the latest restart happens (its failure
        // plus the delay actually returned) and how many restarts in a row since the last reset.
        private TimeSpan _nominal;
        private DateTimeOffset? _restartAt;
        private int _inARow;

        private protected override TimeSpan? NextDelay(DateTimeOffset now)
        {
            if (_restartAt is not { } restartAt || now - restartAt >= strategy._resetAfter)
            {
                _nominal = strategy._initialDelay;
                _inARow = 0;
            }
            else
            {
                // In double, then capped, so a large multiplier cannot overflow the ticks.
                double grown = _nominal.Ticks * strategy._multiplier;
                _nominal = grown >= strategy._maxDelay.Ticks ? strategy._maxDelay : TimeSpan.FromTicks((long)grown);
            }

            if (_inARow >= strategy._maxAttempts)
            {
                return null;
            }

            _inARow++;
            TimeSpan delay = Jittered(_nominal);
            _restartAt = now + delay;
            return delay;
        }

        private protected override string DescribeGiveUp()
        {
            string resetAfter = DurationText.Format(strategy._resetAfter);
            string restarts = _inARow == Restarts
                ? $"{Count(Restarts, "restart")} in a row"
                : $"{Count(Restarts, "restart")}, the last {_inARow} in a row";
            return $"gave up after {restarts} (each failure less than {resetAfter} after the previous restart): {strategy} allows no more";
        }

        /// <summary>The nominal delay times a random factor in [1 - jitter, 1 + jitter], capped at the longest timer wait.</summary>
        /// <param name="nominal">The nominal delay.</param>
        /// <returns>The delay to wait.</returns>
        private TimeSpan Jittered(TimeSpan nominal)
        {
            if (_random is null)
            {
                return nominal;
            }

            double factor = 1 + (strategy._jitter * ((2 * _random.NextDouble()) - 1));
            double ticks = Math.Min(nominal.Ticks * factor, LongestDelay.Ticks);
            return TimeSpan.FromTicks((long)ticks);
        }
    }
}
