using HyperFlow.Runtime.Tests.Jobs;
using HyperFlow.Runtime.Tests.Timers;

namespace HyperFlow.Runtime.Tests.Checkpoints;

/// <summary>
/// The job waits its restart strategy's delay on the job's clock (<see cref="JobOptions.TimeProvider"/>),
/// so a test clock decides when a failed job restarts; without checkpoints it gives up by default.
/// </summary>
public class RestartTimingTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task FailedJob_RestartsOnlyOnceTheDelayHasPassedOnTheJobsClock()
    {
        using var directory = new TempDirectory();
        var clock = new TimerWatchingClock();
        var source = new ReplayableArraySource<long>([.. Enumerable.Range(0, 2_000).Select(static i => (long)i)]);
        source.FailOnceAt(700);
        var sink = new TransactionalSink<KeyedValue<long, long>>();
        Task<JobResult> run = new JobHost(SumJob.Definition, new JobOptions
        {
            Parallelism = 1,
            TimeProvider = clock,
            Checkpointing = new CheckpointingOptions(directory.Path) { Interval = TimeSpan.Zero },
            RestartStrategy = RestartStrategy.FixedDelay(maxAttempts: 2, delay: TimeSpan.FromSeconds(30)),
        })
            .BindSource("numbers", source)
            .BindSink("sums", sink)
            .RunAsync();

        // The restart waits on a 30 s timer of the job's clock; nothing else moves the clock.
        await clock.TimerCreated(TimeSpan.FromSeconds(30)).WaitAsync(s_generous);
        clock.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromMilliseconds(1));
        Assert.False(run.IsCompleted);
        Assert.Equal(1, source.ReadersCreated);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        JobResult result = await run.WaitAsync(s_generous);

        Assert.Equal(1, result.Restarts);
        Assert.Equal(2, source.ReadersCreated);
        Assert.Equal(1_000, sink.AllCommitted.Count);
    }

    [Fact]
    public async Task FailedJob_WithoutCheckpoints_IsNotRestartedByDefault()
    {
        var source = new ReplayableArraySource<long>([.. Enumerable.Range(0, 2_000).Select(static i => (long)i)]);
        source.FailOnceAt(10);

        await Assert.ThrowsAsync<HyperFlow.Runtime.Execution.OperatorException>(() => new JobHost(SumJob.Definition, new JobOptions { Parallelism = 1 })
            .BindSource("numbers", source)
            .BindSink("sums", new CountingSink())
            .RunAsync()
            .WaitAsync(s_generous));

        Assert.Equal(1, source.ReadersCreated);
    }
}
