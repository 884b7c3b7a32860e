namespace HyperFlow.Runtime.Tests.Checkpoints;

/// <summary>
/// Checkpoint options out of range are refused before the job starts, naming the option and its range; the
/// extremes a timer can wait are accepted (longer waits would make the job's timers throw mid-run).
/// </summary>
public class CheckpointingOptionsTests
{
    public static TheoryData<string, Func<CheckpointingOptions, CheckpointingOptions>> OutOfRange => new()
    {
        { nameof(CheckpointingOptions.Interval), static o => With(o, interval: TimeSpan.FromSeconds(-1)) },
        { nameof(CheckpointingOptions.Interval), static o => With(o, interval: TimeSpan.MaxValue) },
        { nameof(CheckpointingOptions.Timeout), static o => With(o, timeout: TimeSpan.Zero) },
        { nameof(CheckpointingOptions.Timeout), static o => With(o, timeout: TimeSpan.FromTicks(9_999)) },
        { nameof(CheckpointingOptions.Timeout), static o => With(o, timeout: TimeSpan.MaxValue) },
        { nameof(CheckpointingOptions.MinPause), static o => With(o, minPause: TimeSpan.FromMilliseconds(-1)) },
        { nameof(CheckpointingOptions.MinPause), static o => With(o, minPause: RestartStrategy.LongestDelay + TimeSpan.FromMilliseconds(1)) },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void Validate_OptionOutOfRange_ThrowsNamingIt(string option, Func<CheckpointingOptions, CheckpointingOptions> change)
    {
        CheckpointingOptions options = change(new CheckpointingOptions("/tmp/checkpoints"));

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal(option, error.ParamName);
        Assert.Contains("days (the longest wait a timer supports)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LongestWaitsATimerSupports_AreAccepted()
    {
        TimeSpan longest = RestartStrategy.LongestDelay;
        var options = new CheckpointingOptions("/tmp/checkpoints") { Interval = longest, Timeout = longest, MinPause = longest };

        Assert.Null(Record.Exception(options.Validate));
    }

    private static CheckpointingOptions With(CheckpointingOptions o, TimeSpan? interval = null, TimeSpan? timeout = null, TimeSpan? minPause = null)
        => new(o.Directory)
        {
            Interval = interval ?? o.Interval,
            Timeout = timeout ?? o.Timeout,
            MinPause = minPause ?? o.MinPause,
        };
}
