using System.Globalization;

namespace HyperFlow;

/// <summary>
/// Decides whether, and after how long, a failed job restarts from its latest complete checkpoint: Apache
/// Flink's restart strategies (<c>restart-strategy.type</c>: <c>none</c>, <c>fixed-delay</c>,
/// <c>exponential-delay</c>, <c>failure-rate</c>; Flink's <c>RestartBackoffTimeStrategy</c>). A strategy is
/// an immutable policy shared by any number of jobs; <see cref="Start"/> gives one job's run loop its own
/// <see cref="RestartBackoff"/>, which it tells of each failure.
/// </summary>
/// <example>
/// <code>
/// var options = new JobOptions
/// {
///     Checkpointing = new CheckpointingOptions("/var/lib/trades/checkpoints"),
///     RestartStrategy = RestartStrategy.ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)),
/// };
/// </code>
/// </example>
public abstract class RestartStrategy
{
    private protected RestartStrategy()
    {
    }

    /// <summary>
    /// The longest delay any strategy returns, about 49.7 days: the longest wait a <see cref="TimeProvider"/>
    /// timer (and so <see cref="Task.Delay(TimeSpan, TimeProvider)"/>) supports. Delays given to the factories
    /// may not exceed it, and jittered delays are capped at it.
    /// </summary>
    public static TimeSpan LongestDelay { get; } = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>Never restarts: the first failure fails the job (Flink's <c>none</c>).</summary>
    public static RestartStrategy None { get; } = new NoRestartStrategy();

    /// <summary>
    /// Restarts at most <paramref name="maxAttempts"/> times, each after <paramref name="delay"/>, then gives up
    /// (Flink's <c>fixed-delay</c> with <c>attempts</c> and <c>delay</c>).
    /// </summary>
    /// <param name="maxAttempts">The number of restarts allowed over the job's life; 0 or more (0 never restarts).</param>
    /// <param name="delay">The wait before each restart; from 0 to <see cref="LongestDelay"/>.</param>
    /// <returns>The strategy.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When an argument is out of range; the message says which and what is allowed.</exception>
    public static RestartStrategy FixedDelay(int maxAttempts, TimeSpan delay) => new FixedDelayRestartStrategy(maxAttempts, delay);

    /// <summary>
    /// Restarts after a delay that grows with each failure in a row and resets once the job has run healthy
    /// for a while (Flink's <c>exponential-delay</c>, its default when checkpointing is on). The first delay
    /// is <paramref name="initialDelay"/>; each further failure multiplies it by <paramref name="multiplier"/>,
    /// up to <paramref name="maxDelay"/>. Each delay returned is the nominal one times a random factor in
    /// [1 - <paramref name="jitter"/>, 1 + <paramref name="jitter"/>], so that many jobs failing together do
    /// not restart together. When a failure comes <paramref name="resetAfter"/> or more after the previous
    /// restart, the delay goes back to <paramref name="initialDelay"/> and the attempt count to 0.
    /// </summary>
    /// <param name="initialDelay">The first delay, and the delay after a reset; more than 0 and at most <paramref name="maxDelay"/>.</param>
    /// <param name="maxDelay">The cap on the nominal delay; from <paramref name="initialDelay"/> to <see cref="LongestDelay"/>.</param>
    /// <param name="multiplier">The growth factor per failure in a row; 1 or more (1 keeps the delay fixed).</param>
    /// <param name="jitter">The random spread, as a fraction of the delay; from 0 (deterministic) to 1. Default 0.1.</param>
    /// <param name="resetAfter">
    /// How long the job must run without failure after a restart for the backoff to reset (Flink's
    /// <c>reset-backoff-threshold</c>); more than 0. Default (<c>null</c>): Flink's default, 1 hour.
    /// </param>
    /// <param name="maxAttempts">
    /// The number of restarts allowed in a row without a reset (Flink's <c>attempts-before-reset-backoff</c>);
    /// 1 or more. Default: unlimited.
    /// </param>
    /// <param name="seed">
    /// The seed of the jitter's random numbers, for reproducible delays in tests: every tracker the strategy starts
    /// then draws the same sequence. Default: unseeded.
    /// </param>
    /// <returns>The strategy.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When an argument is out of range; the message says which and what is allowed.</exception>
    public static RestartStrategy ExponentialBackoff(TimeSpan initialDelay, TimeSpan maxDelay, double multiplier = 2.0,
        double jitter = 0.1, TimeSpan? resetAfter = null, int maxAttempts = int.MaxValue, int? seed = null)
        => new ExponentialBackoffRestartStrategy(initialDelay, maxDelay, multiplier, jitter, resetAfter ?? TimeSpan.FromHours(1), maxAttempts, seed);

    /// <summary>
    /// Restarts after <paramref name="delay"/> as long as no more than <paramref name="maxFailuresPerInterval"/>
    /// failures fall within any sliding window of length <paramref name="interval"/> ending at a failure; the
    /// failure that makes it more gives up (Flink's <c>failure-rate</c> with <c>max-failures-per-interval</c>,
    /// <c>failure-rate-interval</c> and <c>delay</c>). A failure exactly <paramref name="interval"/> before
    /// another counts as within it.
    /// </summary>
    /// <param name="maxFailuresPerInterval">The most failures tolerated within one interval; 1 or more.</param>
    /// <param name="interval">The length of the sliding window; more than 0.</param>
    /// <param name="delay">The wait before each restart; from 0 to <see cref="LongestDelay"/>.</param>
    /// <returns>The strategy.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When an argument is out of range; the message says which and what is allowed.</exception>
    public static RestartStrategy FailureRate(int maxFailuresPerInterval, TimeSpan interval, TimeSpan delay)
        => new FailureRateRestartStrategy(maxFailuresPerInterval, interval, delay);

    /// <summary>Starts tracking the failures of one job run loop, which calls it once per failure.</summary>
    /// <param name="clock">The job's clock: the only source of time for the tracker (failure times, resets, windows).</param>
    /// <returns>A fresh tracker, independent of any other.</returns>
    /// <exception cref="ArgumentNullException">When <paramref name="clock"/> is null.</exception>
    public abstract RestartBackoff Start(TimeProvider clock);

    /// <summary>Describes the strategy for logs, as <c>fixed delay (3 attempts, 1 s)</c>.</summary>
    /// <returns>The description.</returns>
    public abstract override string ToString();

    /// <summary>Throws when an argument of a factory is out of range, saying which, its value and what is allowed.</summary>
    /// <param name="valid">Whether the argument is in range.</param>
    /// <param name="factory">The factory, as <c>FixedDelay</c>.</param>
    /// <param name="parameter">The argument's name.</param>
    /// <param name="value">Its value.</param>
    /// <param name="allowed">What is allowed, as <c>1 or more</c>.</param>
    private protected static void Require(bool valid, string factory, string parameter, object value, string allowed)
    {
        if (!valid)
        {
            string shown = value switch
            {
                TimeSpan duration => DurationText.Format(duration),
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? string.Empty,
            };
            throw new ArgumentOutOfRangeException(parameter, value, $"RestartStrategy.{factory}: {parameter} must be {allowed}, but was {shown}.");
        }
    }

    /// <summary>Checks a delay a strategy waits before a restart.</summary>
    /// <param name="factory">The factory, as <c>FixedDelay</c>.</param>
    /// <param name="parameter">The argument's name.</param>
    /// <param name="delay">The delay.</param>
    private protected static void RequireDelay(string factory, string parameter, TimeSpan delay)
        => Require(delay >= TimeSpan.Zero && delay <= LongestDelay, factory, parameter, delay,
            $"from 0 to {DurationText.Format(LongestDelay)} (the longest wait a TimeProvider timer supports)");

    /// <summary>Formats a count with its noun, singular for one.</summary>
    /// <param name="count">The count.</param>
    /// <param name="noun">The singular noun.</param>
    /// <returns>As <c>1 restart</c> or <c>3 restarts</c>.</returns>
    private protected static string Count(int count, string noun)
        => count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? string.Empty : "s");
}
