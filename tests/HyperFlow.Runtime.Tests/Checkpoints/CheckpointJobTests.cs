using HyperFlow.Runtime.Tests.Jobs;
using HyperFlow.Runtime.Tests.Timers;
using HyperFlow.Storage.Checkpointing;

namespace HyperFlow.Runtime.Tests.Checkpoints;

/// <summary>
/// Checkpoints of running jobs: barriers from the sources, every subtask's state and position in the
/// manifest, the sinks' two-phase commit, and restarts from the latest checkpoint with exactly-once output.
/// </summary>
public class CheckpointJobTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task OnDemandCheckpoint_HoldsEverySubtaskAndCommitsTheSinksOutputUpToIt(int parallelism)
    {
        using var directory = new TempDirectory();
        var source = new PartitionedSource(partitions: 4, perPartition: 5_000);
        var sink = new TransactionalSink<KeyedValue<long, long>>();
        source.Hold(3_000);
        JobHost host = Host(source, sink, directory.Path, parallelism);
        Task<JobResult> run = host.RunAsync();
        await source.WhenHeld.WaitAsync(s_generous);

        CheckpointManifest manifest = await host.TriggerCheckpointAsync().WaitAsync(s_generous);

        // Every subtask of the keyed operator wrote its state, every source subtask its position (3000 events read).
        OperatorManifest sums = Assert.Single(manifest.Operators, static o => o.Uid == "bucket-sums");
        Assert.Equal(parallelism, sums.Subtasks.Count);
        Assert.All(sums.Subtasks, static s => Assert.NotNull(s.KeyedState));
        OperatorManifest positions = Assert.Single(manifest.Operators, static o => o.Uid == "source:numbers");
        Assert.Equal(parallelism, positions.Subtasks.Count);
        Assert.Equal(3_000 * parallelism, positions.Subtasks.Sum(static s => OffsetsRead(s.Position!.Value)));
        // Only the output up to the barrier is committed: one running sum per even tripled input read so far.
        int readBeforeBarrier = Enumerable.Range(0, parallelism).Sum(s => source.ItemsOf(s, parallelism, 3_000).Count(SumJobOutputs.IsEvenTripled));
        Assert.Equal(readBeforeBarrier, sink.AllCommitted.Count);

        source.Release();
        JobResult result = await run.WaitAsync(s_generous);

        // The final checkpoint at the end of the input commits the rest.
        Assert.True(result.LastCheckpointId > manifest.CheckpointId);
        Assert.Equal(source.InOrder().Count(SumJobOutputs.IsEvenTripled), sink.AllCommitted.Count);
        Assert.Equal(SumJobOutputs.ReferenceSums(source.InOrder()), SumJobOutputs.FinalSums(sink.AllCommitted));
    }

    [Fact]
    public async Task Failure_RestartsFromTheLatestCheckpoint_CommittedOutputIdenticalToAFailureFreeRun()
    {
        using var directory = new TempDirectory();
        var source = new PartitionedSource(partitions: 3, perPartition: 4_000);
        var sink = new TransactionalSink<KeyedValue<long, long>>();
        source.Hold(5_000);
        JobHost host = Host(source, sink, directory.Path, parallelism: 1, RestartStrategy.FixedDelay(maxAttempts: 1, delay: TimeSpan.Zero));
        Task<JobResult> run = host.RunAsync();
        await source.WhenHeld.WaitAsync(s_generous);
        await host.TriggerCheckpointAsync().WaitAsync(s_generous);

        // The failure comes after the checkpoint: what was read since is read again after the restart.
        source.FailOnceAt(partition: 1, offset: 2_500);
        source.Release();
        JobResult result = await run.WaitAsync(s_generous);

        Assert.Equal(1, source.Failures);
        Assert.Equal(1, result.Restarts);
        Assert.Equal(await SumJobOutputs.FailureFree(source.InOrder()), sink.Committed(0));
    }

    [Fact]
    public async Task Failure_WithoutRestartStrategy_FailsAndLeavesOnlyCheckpointedOutputCommitted()
    {
        using var directory = new TempDirectory();
        var source = new PartitionedSource(partitions: 2, perPartition: 3_000);
        var sink = new TransactionalSink<KeyedValue<long, long>>();
        source.Hold(1_000);
        JobHost host = Host(source, sink, directory.Path, parallelism: 1, RestartStrategy.None);
        Task<JobResult> run = host.RunAsync();
        await source.WhenHeld.WaitAsync(s_generous);
        await host.TriggerCheckpointAsync().WaitAsync(s_generous);
        int committedAtCheckpoint = sink.AllCommitted.Count;
        source.FailOnceAt(partition: 0, offset: 2_000);
        source.Release();

        var error = await Assert.ThrowsAsync<HyperFlow.Runtime.Execution.OperatorException>(() => run.WaitAsync(s_generous));

        Assert.IsType<IOException>(error.InnerException);
        Assert.Equal(committedAtCheckpoint, sink.AllCommitted.Count);
    }

    private static JobHost Host(PartitionedSource source, TransactionalSink<KeyedValue<long, long>> sink, string directory, int parallelism, RestartStrategy? restart = null)
        => new JobHost(SumJob.Definition, new JobOptions
        {
            Parallelism = parallelism,
            Checkpointing = new CheckpointingOptions(directory) { Interval = TimeSpan.Zero },
            RestartStrategy = restart,
        })
            .BindSource("numbers", source)
            .BindSink("sums", sink);

    private static long OffsetsRead(ReadOnlyMemory<byte> position)
    {
        long sum = 0;
        for (int at = 4; at < position.Length; at += 8)
        {
            sum += BitConverter.ToInt32(position.Span[at..]);
        }

        return sum;
    }
}
