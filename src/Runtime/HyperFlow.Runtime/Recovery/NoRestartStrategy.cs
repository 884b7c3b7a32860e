namespace HyperFlow;

/// <summary><see cref="RestartStrategy.None"/>: the first failure fails the job (Flink's <c>NoRestartBackoffTimeStrategy</c>).</summary>
internal sealed class NoRestartStrategy : RestartStrategy
{
    /// <inheritdoc/>
    public override RestartBackoff Start(TimeProvider clock) => new Backoff(this, clock);

    /// <inheritdoc/>
    public override string ToString() => "no restart";

    private sealed class Backoff(NoRestartStrategy strategy, TimeProvider clock) : RestartBackoff(clock)
    {
        private protected override TimeSpan? NextDelay(DateTimeOffset now) => null;

        private protected override string DescribeGiveUp() => $"gave up at the first failure: {strategy}";
    }
}
