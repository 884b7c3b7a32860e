using CsCheck;
using HyperFlow.Runtime.Tests.Windows;

namespace HyperFlow.Runtime.Tests.Recovery;

/// <summary>
/// The restart strategies as a job's run loop meets them: each failure at a time the test sets on a
/// <see cref="ManualClock"/>, the delay or the give-up that follows. Exponential backoff and failure rate
/// are also checked on random failure histories against small reference models.
/// </summary>
public class RestartStrategyTests
{
    private const long Second = 1000;
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    [Fact]
    public void None_FirstFailure_GivesUp()
    {
        RestartBackoff backoff = RestartStrategy.None.Start(new ManualClock(0));

        Assert.Null(backoff.OnFailure());
        Assert.True(backoff.HasGivenUp);
        Assert.Equal(0, backoff.Restarts);
        Assert.Equal("gave up at the first failure: no restart", backoff.GiveUpReason);
        Assert.Equal("no restart", RestartStrategy.None.ToString());
    }

    [Fact]
    public void FixedDelay_AllowsMaxAttemptsEachAfterDelay_ThenGivesUpForGood()
    {
        var clock = new ManualClock(0);
        RestartBackoff backoff = RestartStrategy.FixedDelay(3, OneSecond).Start(clock);

        for (int restart = 1; restart <= 3; restart++)
        {
            Assert.Equal(OneSecond, backoff.OnFailure());
            Assert.Equal(restart, backoff.Restarts);
            Assert.False(backoff.HasGivenUp);
            clock.Now += 10 * Second;
        }

        Assert.Null(backoff.OnFailure());
        Assert.Equal(3, backoff.Restarts);
        Assert.Equal("gave up after 3 restarts: fixed delay (3 attempts, 1 s) allows no more", backoff.GiveUpReason);

        // However long the job then waits, a given-up tracker stays given up.
        clock.Now += 1000 * 3600 * Second;
        Assert.Null(backoff.OnFailure());
        Assert.Equal(3, backoff.Restarts);
    }

    [Fact]
    public void FixedDelay_ZeroAttempts_GivesUpAtFirstFailure()
    {
        RestartBackoff backoff = RestartStrategy.FixedDelay(0, TimeSpan.Zero).Start(new ManualClock(0));

        Assert.Null(backoff.OnFailure());
        Assert.Equal("gave up after 0 restarts: fixed delay (0 attempts, 0 s) allows no more", backoff.GiveUpReason);
    }

    [Fact]
    public void Start_EachCall_TracksItsOwnFailures()
    {
        RestartStrategy strategy = RestartStrategy.FixedDelay(1, OneSecond);
        RestartBackoff first = strategy.Start(new ManualClock(0));
        Assert.Equal(OneSecond, first.OnFailure());
        Assert.Null(first.OnFailure());

        RestartBackoff second = strategy.Start(new ManualClock(0));
        Assert.Equal(OneSecond, second.OnFailure());
        Assert.Equal(1, second.Restarts);
    }

    [Fact]
    public void Start_NullClock_Throws()
        => Assert.Equal("clock", Assert.Throws<ArgumentNullException>(() => RestartStrategy.FixedDelay(1, OneSecond).Start(null!)).ParamName);

    [Fact]
    public void GiveUpReason_BeforeGivingUp_Throws()
    {
        RestartBackoff backoff = RestartStrategy.FixedDelay(1, OneSecond).Start(new ManualClock(0));
        Assert.Equal(OneSecond, backoff.OnFailure());

        var error = Assert.Throws<InvalidOperationException>(() => backoff.GiveUpReason);
        Assert.Contains("only after OnFailure returned null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExponentialBackoff_FailuresInARow_DoubleUpToTheCap()
    {
        var clock = new ManualClock(0);
        RestartBackoff backoff = RestartStrategy.ExponentialBackoff(OneSecond, TimeSpan.FromSeconds(10), jitter: 0).Start(clock);

        long[] delays = [.. Enumerable.Range(0, 7).Select(_ => FailAndRestart(clock, backoff, runFor: 5 * Second))];

        Assert.Equal([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000], delays);
        Assert.Equal(7, backoff.Restarts);
    }

    [Fact]
    public void ExponentialBackoff_FractionalMultiplier_GrowsByIt()
    {
        var clock = new ManualClock(0);
        RestartBackoff backoff = RestartStrategy.ExponentialBackoff(OneSecond, TimeSpan.FromSeconds(3), multiplier: 1.5, jitter: 0).Start(clock);

        long[] delays = [.. Enumerable.Range(0, 5).Select(_ => FailAndRestart(clock, backoff, runFor: Second))];

        Assert.Equal([1000, 1500, 2250, 3000, 3000], delays);
    }

    [Fact]
    public void ExponentialBackoff_HealthyForResetAfter_ResetsDelayAndAttempts()
    {
        var clock = new ManualClock(0);
        RestartBackoff backoff = RestartStrategy.ExponentialBackoff(OneSecond, TimeSpan.FromMinutes(1), jitter: 0,
            resetAfter: TimeSpan.FromMinutes(10), maxAttempts: 3).Start(clock);
        long tenMinutes = 600 * Second;

        Assert.Equal(1000, FailAndRestart(clock, backoff, runFor: 0));
        Assert.Equal(2000, FailAndRestart(clock, backoff, runFor: tenMinutes - 1));
        Assert.Equal(4000, FailAndRestart(clock, backoff, runFor: 0));

        // Ten minutes after the latest restart: back to the first delay, and three more restarts allowed.
        Assert.Equal(1000, FailAndRestart(clock, backoff, runFor: tenMinutes));
        Assert.Equal(2000, FailAndRestart(clock, backoff, runFor: Second));
        Assert.Equal(4000, FailAndRestart(clock, backoff, runFor: Second));
        clock.Now += Second;
        Assert.Null(backoff.OnFailure());

        Assert.Equal(6, backoff.Restarts);
        Assert.Equal(
            "gave up after 6 restarts, the last 3 in a row (each failure less than 10 min after the previous restart): "
            + "exponential backoff (1 s to 1 min, x2, jitter 0%, reset after 10 min, 3 attempts) allows no more",
            backoff.GiveUpReason);
    }

    [Fact]
    public void ExponentialBackoff_Defaults_ResetAfterAnHourAndNeverGiveUp()
    {
        var clock = new ManualClock(0);
        RestartBackoff backoff = RestartStrategy.ExponentialBackoff(OneSecond, TimeSpan.FromMinutes(1), jitter: 0).Start(clock);

        for (int i = 0; i < 1000; i++)
        {
            FailAndRestart(clock, backoff, runFor: 3599 * Second);
        }

        Assert.Equal(60 * Second, FailAndRestart(clock, backoff, runFor: 3599 * Second));
        Assert.Equal(Second, FailAndRestart(clock, backoff, runFor: 3600 * Second));
        Assert.Equal(1002, backoff.Restarts);
    }

    [Fact]
    public void ExponentialBackoff_MaxAttemptsInARow_GivesUp()
    {
        var clock = new ManualClock(0);
        RestartBackoff backoff = RestartStrategy.ExponentialBackoff(OneSecond, TimeSpan.FromSeconds(30), multiplier: 3, jitter: 0.25,
            resetAfter: TimeSpan.FromMinutes(5), maxAttempts: 2, seed: 7).Start(clock);

        FailAndRestart(clock, backoff, runFor: 0);
        FailAndRestart(clock, backoff, runFor: 0);
        Assert.Null(backoff.OnFailure());
        Assert.Equal(
            "gave up after 2 restarts in a row (each failure less than 5 min after the previous restart): "
            + "exponential backoff (1 s to 30 s, x3, jitter 25%, reset after 5 min, 2 attempts) allows no more",
            backoff.GiveUpReason);
    }

    [Fact]
    public void ExponentialBackoff_Jitter_SpreadsDelaysAndTheSeedRepeatsThem()
    {
        RestartStrategy strategy = RestartStrategy.ExponentialBackoff(OneSecond, OneSecond, jitter: 0.5, seed: 42);
        long[] Delays()
        {
            var clock = new ManualClock(0);
            RestartBackoff backoff = strategy.Start(clock);
            return [.. Enumerable.Range(0, 50).Select(_ => FailAndRestart(clock, backoff, runFor: 0))];
        }

        long[] first = Delays();

        Assert.Equal(first, Delays());
        Assert.All(first, d => Assert.InRange(d, 500, 1500));
        Assert.True(first.Distinct().Count() > 10, $"jitter 0.5 should spread 50 delays, got {string.Join(", ", first)}");
        Assert.Contains(first, d => d < 1000);
        Assert.Contains(first, d => d > 1000);
    }

    /// <summary>
    /// Random settings and random healthy run times between restarts, against a reference that recomputes
    /// the nominal delay (reset when the run lasted resetAfter, otherwise times the multiplier, capped) and
    /// the give-up point. Every delay lies within jitter of the nominal one (a tick of rounding aside) and
    /// never above maxDelay × (1 + jitter); without jitter it is the nominal one exactly.
    /// </summary>
    [Fact]
    public void ExponentialBackoff_RandomHistories_MatchReferenceWithinJitter()
    {
        var settings =
            from initial in Gen.Long[1, 20 * Second]
            from capFactor in Gen.Int[1, 100]
            from multiplier in Gen.OneOf(Gen.Const(1.0), Gen.Const(2.0), Gen.Double[1, 5])
            from jitter in Gen.OneOf(Gen.Const(0.0), Gen.Const(1.0), Gen.Double[0, 1])
            from resetAfter in Gen.Long[1, 3600 * Second]
            from maxAttempts in Gen.OneOf(Gen.Const(int.MaxValue), Gen.Int[1, 12])
            from seed in Gen.Int
            from start in Gen.Long[0, 2_000_000_000_000]
            from runs in Gen.OneOf(Gen.Long[0, 100 * Second], Gen.Long[0, 7200 * Second]).Array[1, 40]
            select (initial, max: initial * capFactor, multiplier, jitter, resetAfter, maxAttempts, seed, start, runs);

        settings.Sample(s =>
        {
            var clock = new ManualClock(s.start);
            RestartBackoff backoff = RestartStrategy.ExponentialBackoff(TimeSpan.FromMilliseconds(s.initial), TimeSpan.FromMilliseconds(s.max),
                s.multiplier, s.jitter, TimeSpan.FromMilliseconds(s.resetAfter), s.maxAttempts, s.seed).Start(clock);
            long initialTicks = s.initial * TimeSpan.TicksPerMillisecond, maxTicks = s.max * TimeSpan.TicksPerMillisecond;
            long nominal = 0, restartAtTicks = 0;
            int inARow = 0, restarts = 0;
            bool gaveUp = false;

            foreach (long run in s.runs)
            {
                clock.Now += run;
                if (!gaveUp)
                {
                    bool reset = restarts == 0 || (clock.Now * TimeSpan.TicksPerMillisecond) - restartAtTicks >= s.resetAfter * TimeSpan.TicksPerMillisecond;
                    nominal = reset ? initialTicks : (long)Math.Min(maxTicks, nominal * s.multiplier);
                    inARow = reset ? 0 : inARow;
                    gaveUp = inARow >= s.maxAttempts;
                }

                TimeSpan? delay = backoff.OnFailure();
                if (gaveUp)
                {
                    Assert.Null(delay);
                    continue;
                }

                Assert.NotNull(delay);
                long ticks = delay.Value.Ticks;
                if (s.jitter == 0)
                {
                    Assert.Equal(nominal, ticks);
                }

                Assert.InRange(ticks, (long)(nominal * (1 - s.jitter)) - 1, (long)(nominal * (1 + s.jitter)) + 1);
                Assert.True(ticks <= (maxTicks * (1 + s.jitter)) + 1, $"delay {delay} above the cap {s.max} ms with jitter {s.jitter}");
                inARow++;
                restarts++;
                restartAtTicks = (clock.Now * TimeSpan.TicksPerMillisecond) + ticks;

                // The job restarts once the delay has passed (whole milliseconds on this clock).
                clock.Now += (ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;
            }

            Assert.Equal(restarts, backoff.Restarts);
            Assert.Equal(gaveUp, backoff.HasGivenUp);
        }, iter: 500);
    }

    [Fact]
    public void FailureRate_FailuresSpreadBeyondTheInterval_KeepRestarting()
    {
        var clock = new ManualClock(0);
        RestartBackoff backoff = RestartStrategy.FailureRate(2, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5)).Start(clock);

        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(TimeSpan.FromSeconds(5), backoff.OnFailure());
            clock.Now += 31 * Second;
        }

        Assert.Equal(100, backoff.Restarts);
    }

    [Fact]
    public void FailureRate_OneMoreThanAllowedWithinTheInterval_GivesUp()
    {
        var clock = new ManualClock(0);
        RestartBackoff backoff = RestartStrategy.FailureRate(3, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10)).Start(clock);

        // Failures at 0, 61 s, 62 s, 63 s: the first is out of the window by then, so three within it.
        Assert.NotNull(backoff.OnFailure());
        clock.Now = 61 * Second;
        Assert.NotNull(backoff.OnFailure());
        clock.Now = 62 * Second;
        Assert.NotNull(backoff.OnFailure());
        clock.Now = 63 * Second;
        Assert.NotNull(backoff.OnFailure());

        // A failure exactly one interval after the one at 61 s still counts it: four within a minute.
        clock.Now = 121 * Second;
        Assert.Null(backoff.OnFailure());
        Assert.Equal(4, backoff.Restarts);
        Assert.Equal("gave up after 4 restarts: 4 failures within 1 min, more than failure rate (3 failures per 1 min, 10 s) allows", backoff.GiveUpReason);
    }

    /// <summary>
    /// Random failure times against the definition: the failure that brings the failures within the trailing
    /// interval (inclusive) above the limit gives up, and every failure after it too; every other one restarts
    /// after the delay.
    /// </summary>
    [Fact]
    public void FailureRate_RandomFailureTimes_MatchTrailingWindowCount()
    {
        var histories =
            from max in Gen.Int[1, 5]
            from interval in Gen.Long[1, 1000]
            from delay in Gen.Long[0, 100]
            from gaps in Gen.OneOf(Gen.Long[0, 300], Gen.Long[0, 3000]).Array[1, 80]
            select (max, interval, delay, gaps);

        histories.Sample(h =>
        {
            var clock = new ManualClock(0);
            RestartBackoff backoff = RestartStrategy.FailureRate(h.max, TimeSpan.FromMilliseconds(h.interval), TimeSpan.FromMilliseconds(h.delay)).Start(clock);
            var failures = new List<long>();
            bool gaveUp = false;

            foreach (long gap in h.gaps)
            {
                clock.Now += gap;
                failures.Add(clock.Now);
                gaveUp |= failures.Count(t => clock.Now - t <= h.interval) > h.max;

                Assert.Equal(gaveUp ? null : TimeSpan.FromMilliseconds(h.delay), backoff.OnFailure());
            }

            Assert.Equal(gaveUp, backoff.HasGivenUp);
        }, iter: 1000);
    }

    [Fact]
    public void ToString_DescribesEachStrategyForLogs()
    {
        Assert.Equal("fixed delay (3 attempts, 1 s)", RestartStrategy.FixedDelay(3, OneSecond).ToString());
        Assert.Equal("fixed delay (1 attempt, 250 ms)", RestartStrategy.FixedDelay(1, TimeSpan.FromMilliseconds(250)).ToString());
        Assert.Equal("failure rate (1 failure per 1.5 min, 0 s)", RestartStrategy.FailureRate(1, TimeSpan.FromSeconds(90), TimeSpan.Zero).ToString());
        Assert.Equal("exponential backoff (1 s to 1 min, x2, jitter 10%, reset after 1 h, unlimited attempts)",
            RestartStrategy.ExponentialBackoff(OneSecond, TimeSpan.FromMinutes(1)).ToString());
        Assert.Equal("exponential backoff (100 ms to 2 h, x1.5, jitter 12.5%, reset after 24 h, 7 attempts)",
            RestartStrategy.ExponentialBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(2), 1.5, 0.125, TimeSpan.FromDays(1), 7).ToString());
    }

    [Fact]
    public void FixedDelay_ArgumentsOutOfRange_SayWhichWhatAndWhatIsAllowed()
    {
        AssertRejected(() => RestartStrategy.FixedDelay(-1, OneSecond), "maxAttempts",
            "RestartStrategy.FixedDelay: maxAttempts must be 0 or more (0 never restarts), but was -1.");
        AssertRejected(() => RestartStrategy.FixedDelay(3, TimeSpan.FromMilliseconds(-5)), "delay",
            "RestartStrategy.FixedDelay: delay must be from 0 to 1193.046 h (the longest wait a TimeProvider timer supports), but was -5 ms.");
        AssertRejected(() => RestartStrategy.FixedDelay(3, TimeSpan.FromDays(50)), "delay",
            "RestartStrategy.FixedDelay: delay must be from 0 to 1193.046 h (the longest wait a TimeProvider timer supports), but was 1200 h.");
    }

    [Fact]
    public void ExponentialBackoff_ArgumentsOutOfRange_SayWhichWhatAndWhatIsAllowed()
    {
        TimeSpan max = TimeSpan.FromMinutes(1);
        AssertRejected(() => RestartStrategy.ExponentialBackoff(TimeSpan.Zero, max), "initialDelay",
            "RestartStrategy.ExponentialBackoff: initialDelay must be more than 0 and at most 1193.046 h (the longest wait a TimeProvider timer supports), but was 0 s.");
        AssertRejected(() => RestartStrategy.ExponentialBackoff(TimeSpan.FromMinutes(2), max), "maxDelay",
            "RestartStrategy.ExponentialBackoff: maxDelay must be from initialDelay (2 min) to 1193.046 h (the longest wait a TimeProvider timer supports), but was 1 min.");
        AssertRejected(() => RestartStrategy.ExponentialBackoff(OneSecond, TimeSpan.MaxValue), "maxDelay",
            "RestartStrategy.ExponentialBackoff: maxDelay must be from initialDelay (1 s) to 1193.046 h (the longest wait a TimeProvider timer supports), but was 256204778.802 h.");
        AssertRejected(() => RestartStrategy.ExponentialBackoff(OneSecond, max, multiplier: 0.5), "multiplier",
            "RestartStrategy.ExponentialBackoff: multiplier must be a finite number, 1 or more (1 keeps the delay fixed), but was 0.5.");
        AssertRejected(() => RestartStrategy.ExponentialBackoff(OneSecond, max, multiplier: double.PositiveInfinity), "multiplier",
            "RestartStrategy.ExponentialBackoff: multiplier must be a finite number, 1 or more (1 keeps the delay fixed), but was Infinity.");
        AssertRejected(() => RestartStrategy.ExponentialBackoff(OneSecond, max, jitter: 1.5), "jitter",
            "RestartStrategy.ExponentialBackoff: jitter must be from 0 (no jitter) to 1, but was 1.5.");
        AssertRejected(() => RestartStrategy.ExponentialBackoff(OneSecond, max, jitter: double.NaN), "jitter",
            "RestartStrategy.ExponentialBackoff: jitter must be from 0 (no jitter) to 1, but was NaN.");
        AssertRejected(() => RestartStrategy.ExponentialBackoff(OneSecond, max, resetAfter: TimeSpan.Zero), "resetAfter",
            "RestartStrategy.ExponentialBackoff: resetAfter must be more than 0 (null for Flink's default, 1 h), but was 0 s.");
        AssertRejected(() => RestartStrategy.ExponentialBackoff(OneSecond, max, maxAttempts: 0), "maxAttempts",
            "RestartStrategy.ExponentialBackoff: maxAttempts must be 1 or more (RestartStrategy.None never restarts), but was 0.");
    }

    [Fact]
    public void FailureRate_ArgumentsOutOfRange_SayWhichWhatAndWhatIsAllowed()
    {
        AssertRejected(() => RestartStrategy.FailureRate(0, TimeSpan.FromMinutes(1), OneSecond), "maxFailuresPerInterval",
            "RestartStrategy.FailureRate: maxFailuresPerInterval must be 1 or more, but was 0.");
        AssertRejected(() => RestartStrategy.FailureRate(3, TimeSpan.FromTicks(-1), OneSecond), "interval",
            "RestartStrategy.FailureRate: interval must be more than 0, but was -0.0001 ms.");
        AssertRejected(() => RestartStrategy.FailureRate(3, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(-1)), "delay",
            "RestartStrategy.FailureRate: delay must be from 0 to 1193.046 h (the longest wait a TimeProvider timer supports), but was -1 s.");
    }

    [Fact]
    public void Factories_LongestDelay_AreAccepted()
    {
        TimeSpan longest = RestartStrategy.LongestDelay;

        Assert.Equal(longest, RestartStrategy.FixedDelay(1, longest).Start(new ManualClock(0)).OnFailure());
        Assert.Equal(longest, RestartStrategy.FailureRate(1, TimeSpan.MaxValue, longest).Start(new ManualClock(0)).OnFailure());

        // Jitter above the longest wait is capped at it, so the delay can always be waited on a timer.
        var clock = new ManualClock(0);
        RestartBackoff backoff = RestartStrategy.ExponentialBackoff(longest, longest, jitter: 1, seed: 3).Start(clock);
        Assert.All(Enumerable.Range(0, 20), _ => Assert.InRange(backoff.OnFailure()!.Value, TimeSpan.Zero, longest));
    }

    /// <summary>Moves the clock by <paramref name="runFor"/>, fails, checks a restart is allowed and waits its delay.</summary>
    /// <returns>The delay, in whole milliseconds.</returns>
    private static long FailAndRestart(ManualClock clock, RestartBackoff backoff, long runFor)
    {
        clock.Now += runFor;
        TimeSpan? delay = backoff.OnFailure();
        Assert.NotNull(delay);
        clock.Now += (long)delay.Value.TotalMilliseconds;
        return (long)delay.Value.TotalMilliseconds;
    }

    private static void AssertRejected(Func<RestartStrategy> create, string parameter, string message)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => create());
        Assert.Equal(parameter, error.ParamName);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
