namespace HyperFlow.Generators.Tests.Windows;

/// <summary>A processing-time clock the test (or a source on the slot thread) sets.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _now;

    public long Now
    {
        get => Volatile.Read(ref _now);
        set => Volatile.Write(ref _now, value);
    }

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(Now);
}
