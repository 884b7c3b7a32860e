namespace HyperFlow;

/// <summary>
/// One job run loop's view of its <see cref="RestartStrategy"/> (Flink's per-job
/// <c>RestartBackoffTimeStrategy</c> instance): told of each failure, it answers with the delay before the
/// next restart or gives up. Once it has given up it stays given up. Made by <see cref="RestartStrategy.Start"/>;
/// not thread-safe (one run loop calls it).
/// </summary>
/// <example>
/// <code>
/// var backoff = options.RestartStrategy.Start(options.TimeProvider);
/// while (true)
/// {
///     try { return await RunOnceAsync(); }
///     catch (Exception error) when (backoff.OnFailure() is { } delay)
///     {
///         logger.LogWarning(error, "Restart {N} in {Delay}", backoff.Restarts, delay);
///         await Task.Delay(delay, options.TimeProvider);
///     }
/// }
/// </code>
/// </example>
public abstract class RestartBackoff
{
    private readonly TimeProvider _clock;

    private protected RestartBackoff(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
    }

    /// <summary>How many restarts this tracker has allowed so far.</summary>
    public int Restarts { get; private set; }

    /// <summary>Whether the tracker has given up: <see cref="OnFailure"/> returned <c>null</c>.</summary>
    public bool HasGivenUp { get; private set; }

    /// <summary>
    /// A sentence for the job's error once the tracker has given up, saying how many restarts it allowed and
    /// which limit stopped it, as <c>gave up after 3 restarts: fixed delay (3 attempts, 1 s) allows no more</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">When the tracker has not given up.</exception>
    public string GiveUpReason => HasGivenUp
        ? DescribeGiveUp()
        : throw new InvalidOperationException("The restart strategy has not given up: read GiveUpReason only after OnFailure returned null.");

    /// <summary>
    /// Records a failure of the job, at the time of failure (the clock's <see cref="TimeProvider.GetUtcNow"/>),
    /// and decides what comes next.
    /// </summary>
    /// <returns>
    /// The delay to wait (on the job's clock) before restarting from the latest checkpoint; or <c>null</c> when
    /// the strategy gives up and the job must fail with the error (and <see cref="GiveUpReason"/>).
    /// </returns>
    public TimeSpan? OnFailure()
    {
        if (HasGivenUp)
        {
            return null;
        }

        TimeSpan? delay = NextDelay(_clock.GetUtcNow());
        if (delay is null)
        {
            HasGivenUp = true;
        }
        else
        {
            Restarts++;
        }

        return delay;
    }

    /// <summary>Decides on a failure: the delay before the restart, or <c>null</c> to give up.</summary>
    /// <param name="now">The time of the failure.</param>
    /// <returns>The delay, or <c>null</c>.</returns>
    private protected abstract TimeSpan? NextDelay(DateTimeOffset now);

    /// <summary>Says why the tracker gave up; called only once it has.</summary>
    /// <returns>The sentence.</returns>
    private protected abstract string DescribeGiveUp();
}
