using HyperFlow.Runtime.Tests.Jobs;
using HyperFlow.Runtime.Tests.Timers;
using HyperFlow.Storage.Checkpointing;

namespace HyperFlow.Runtime.Tests.Checkpoints;

/// <summary>
/// When the coordinator triggers and aborts checkpoints, on the job's clock: the timeout, the most
/// checkpoints in progress at once, and the pause after a completion. A fake clock moves only when the
/// test advances it, and the test advances it only once the engine waits on the timer in question, so
/// every decision before that timer was created has been taken.
/// </summary>
public class CheckpointTriggerTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan s_second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Timeout_CheckpointNotCompletedInTime_IsAbortedOnTheJobsClockAndTheJobGoesOn()
    {
        using var job = await HeldJob.StartAsync(d => new CheckpointingOptions(d) { Interval = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(30) }, holdPrepare: true);

        Task<CheckpointManifest> checkpoint = job.Host.TriggerCheckpointAsync();
        await job.Sink.WhenPrepareHeld.WaitAsync(s_generous);
        await job.Clock.TimerCreated(TimeSpan.FromSeconds(30)).WaitAsync(s_generous);
        job.Clock.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromMilliseconds(1));
        Assert.False(checkpoint.IsCompleted);

        job.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var error = await Assert.ThrowsAsync<CheckpointException>(() => checkpoint.WaitAsync(s_generous));

        Assert.Contains("did not complete within the timeout of 30 s", error.Message, StringComparison.Ordinal);
        Assert.Contains(job.Logger.Lines, static l => l.StartsWith("Warning:", StringComparison.Ordinal) && l.Contains("checkpoint 1 aborted: it did not complete within the timeout", StringComparison.Ordinal));
        // The aborted checkpoint leaves nothing behind once its write has ended, and its output is committed
        // with the final checkpoint: every record exactly once.
        JobResult result = await job.FinishExactlyOnceAsync();
        Assert.Equal(0, result.Restarts);
        Assert.DoesNotContain(Directory.EnumerateDirectories(job.Directory.Path), static d => Path.GetFileName(d) == "chk-1");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task MaxConcurrent_PeriodicCheckpointsDueWhileThatManyAreInProgress_AreSkipped(int maxConcurrent)
    {
        using var job = await HeldJob.StartAsync(d => new CheckpointingOptions(d) { Interval = s_second, MaxConcurrent = maxConcurrent }, holdPrepare: true);

        // Three periods pass while the first checkpoint cannot complete (its sink's prepare is held).
        for (int period = 1; period <= 3; period++)
        {
            await job.Clock.TimerCreated(s_second, count: period).WaitAsync(s_generous);
            job.Clock.Advance(s_second);
        }

        await job.Clock.TimerCreated(s_second, count: 4).WaitAsync(s_generous);
        Assert.Equal(maxConcurrent, job.Triggered().Count);

        JobResult result = await job.FinishExactlyOnceAsync();
        Assert.True(result.LastCheckpointId > maxConcurrent);
    }

    [Fact]
    public async Task MinPause_PeriodicCheckpointWaitsForThePauseAfterTheLastCompletion_ThenTriggersAtOnce()
    {
        using var job = await HeldJob.StartAsync(
            d => new CheckpointingOptions(d) { Interval = s_second, MinPause = TimeSpan.FromSeconds(5), MaxConcurrent = 2 }, holdPrepare: true);

        // The first checkpoint is not held back by the pause (there was no completion before it); it cannot
        // complete while its sink's prepare is held, and with a pause only one runs at a time (MaxConcurrent
        // notwithstanding): the two periods that pass meanwhile trigger nothing.
        await job.Clock.TimerCreated(s_second).WaitAsync(s_generous);
        job.Clock.Advance(s_second);
        await job.Sink.WhenPrepareHeld.WaitAsync(s_generous);
        for (int period = 2; period <= 3; period++)
        {
            await job.Clock.TimerCreated(s_second, count: period).WaitAsync(s_generous);
            job.Clock.Advance(s_second);
        }

        await job.Clock.TimerCreated(s_second, count: 4).WaitAsync(s_generous);
        Assert.Equal([1L], job.Triggered());
        // It completes 2 s after its trigger; the pause counts from then.
        job.Sink.OpenPrepare();
        await job.Sink.WhenCommitted(1).WaitAsync(s_generous);

        // One interval later only 1 s of the 5 s pause has passed: the checkpoint waits for the other 4 s.
        job.Clock.Advance(s_second);
        await job.Clock.TimerCreated(TimeSpan.FromSeconds(4)).WaitAsync(s_generous);
        Assert.Equal([1L], job.Triggered());

        job.Clock.Advance(TimeSpan.FromSeconds(4));
        await job.Sink.WhenCommitted(2).WaitAsync(s_generous);
        // The interval counts again from that trigger.
        await job.Clock.TimerCreated(s_second, count: 5).WaitAsync(s_generous);
        Assert.Equal([1L, 2L], job.Triggered());

        await job.FinishExactlyOnceAsync();
    }

    /// <summary>
    /// The running sum job at parallelism 1 on a fake clock, its source held after 1,000 of 4,000 events (the
    /// job runs, reads nothing, and checkpoints), its sink's prepare optionally held too.
    /// </summary>
    private sealed class HeldJob : IDisposable
    {
        private readonly CancellationTokenSource _cancel = new();
        private Task<JobResult> _run = Task.FromResult<JobResult>(null!);

        public TempDirectory Directory { get; } = new();

        public TimerWatchingClock Clock { get; } = new();

        public ListLogger Logger { get; } = new();

        public PartitionedSource Source { get; } = new(partitions: 2, perPartition: 2_000);

        public TransactionalSink<KeyedValue<long, long>> Sink { get; } = new();

        public JobHost Host { get; private set; } = null!;

        public static async Task<HeldJob> StartAsync(Func<string, CheckpointingOptions> checkpointing, bool holdPrepare)
        {
            var job = new HeldJob();
            job.Source.Hold(1_000);
            if (holdPrepare)
            {
                job.Sink.HoldPrepare();
            }

            job.Host = new JobHost(SumJob.Definition, new JobOptions
            {
                Parallelism = 1,
                TimeProvider = job.Clock,
                Logger = job.Logger,
                Checkpointing = checkpointing(job.Directory.Path),
                RestartStrategy = RestartStrategy.None,
            })
                .BindSource("numbers", job.Source)
                .BindSink("sums", job.Sink);
            job._run = job.Host.RunAsync(job._cancel.Token);
            await job.Source.WhenHeld.WaitAsync(s_generous);
            return job;
        }

        /// <summary>Lets the job read to the end and checks that its committed output holds every record exactly once.</summary>
        public async Task<JobResult> FinishExactlyOnceAsync()
        {
            Sink.OpenPrepare();
            Source.Release();
            JobResult result = await _run.WaitAsync(s_generous);
            Assert.Equal(Source.InOrder().Count(SumJobOutputs.IsEvenTripled), Sink.AllCommitted.Count);
            Assert.Equal(SumJobOutputs.ReferenceSums(Source.InOrder()), SumJobOutputs.FinalSums(Sink.AllCommitted));
            return result;
        }

        /// <summary>The ids of the checkpoints triggered so far, from the log.</summary>
        public List<long> Triggered()
            => [.. Logger.Lines
                .Where(static l => l.Contains("triggered", StringComparison.Ordinal) && l.Contains("': checkpoint ", StringComparison.Ordinal))
                .Select(static l => long.Parse(l.Split("checkpoint ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture))];

        /// <summary>Stops a job a failed assertion left running, then removes its directory.</summary>
        public void Dispose()
        {
            Sink.OpenPrepare();
            _cancel.Cancel();
            // Waits for the run to end however it ends (WhenAny does not rethrow).
            _ = Task.WhenAny(_run).Wait(s_generous);
            _cancel.Dispose();
            Directory.Dispose();
        }
    }
}
