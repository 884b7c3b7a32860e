namespace HyperFlow.Runtime.Tests.Windows;

/// <summary>A processing-time clock the test sets.</summary>
internal sealed class ManualClock(long now) : TimeProvider
{
    public long Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(Now);
}
