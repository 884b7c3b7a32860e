using HyperFlow.Runtime.Tests.Jobs;
using HyperFlow.Runtime.Tests.Timers;
using HyperFlow.Storage.Checkpointing;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.State;

namespace HyperFlow.Runtime.Tests.Checkpoints;

/// <summary>
/// Jobs on the FASTER backend checkpoint in FASTER's native format (one FASTER checkpoint per state, no
/// canonical snapshot) and restart from it with exactly-once output; such a checkpoint restores only into
/// FASTER at the same parallelism, and says so naming the operator; with native checkpoints off the
/// checkpoints are canonical.
/// </summary>
public class NativeCheckpointTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Failure_RestartsFromANativeCheckpoint_CommittedOutputIdenticalToAFailureFreeRun(int parallelism)
    {
        using var directory = new TempDirectory();
        var source = new PartitionedSource(partitions: 4, perPartition: 4_000);
        var sink = new TransactionalSink<KeyedValue<long, long>>();
        source.Hold(3_000);
        JobHost host = Host(source, sink, Faster(directory.Path), Path.Combine(directory.Path, "checkpoints"), parallelism, RestartStrategy.FixedDelay(maxAttempts: 1, delay: TimeSpan.Zero));
        Task<JobResult> run = host.RunAsync();
        await source.WhenHeld.WaitAsync(s_generous);

        CheckpointManifest manifest = await host.TriggerCheckpointAsync().WaitAsync(s_generous);
        source.FailOnceAt(partition: 1, offset: 3_500);
        source.Release();
        JobResult result = await run.WaitAsync(s_generous);

        OperatorManifest sums = manifest.FindOperator("bucket-sums")!;
        Assert.All(sums.Subtasks, static s => Assert.Null(s.KeyedState));
        Assert.All(sums.Subtasks, static s => Assert.NotEmpty(s.Faster!));
        Assert.Equal(1, result.Restarts);
        Assert.Equal(source.InOrder().Count(SumJobOutputs.IsEvenTripled), sink.AllCommitted.Count);
        Assert.Equal(SumJobOutputs.ReferenceSums(source.InOrder()), SumJobOutputs.FinalSums(sink.AllCommitted));
    }

    [Theory]
    [InlineData("Faster", 2)]
    [InlineData("InMemory", 1)]
    public async Task NativeCheckpoint_RestoredAtAnotherParallelismOrBackend_IsRefusedNamingTheOperator(string backend, int parallelism)
    {
        using var directory = new TempDirectory();
        string checkpoints = Path.Combine(directory.Path, "checkpoints");
        var source = new PartitionedSource(partitions: 2, perPartition: 1_000);
        JobResult first = await Host(source, new TransactionalSink<KeyedValue<long, long>>(), Faster(directory.Path), checkpoints, parallelism: 1)
            .RunAsync().WaitAsync(s_generous);
        string latest = Path.Combine(checkpoints, $"chk-{first.LastCheckpointId}");
        IStateBackend restoreInto = backend == "Faster" ? Faster(Path.Combine(directory.Path, "again")) : InMemoryStateBackend.Instance;
        JobHost again = Host(new PartitionedSource(partitions: 2, perPartition: 1_000), new TransactionalSink<KeyedValue<long, long>>(), restoreInto,
            Path.Combine(directory.Path, "second"), parallelism, restoreFrom: latest);

        Exception error = await Assert.ThrowsAnyAsync<Exception>(() => again.RunAsync().WaitAsync(s_generous));

        CheckpointException refusal = Assert.IsType<CheckpointException>(Unwrap(error), exactMatch: false);
        Assert.Contains("operator 'bucket-sums'", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("savepoint", refusal.Message, StringComparison.Ordinal);
        Assert.Contains(backend == "Faster" ? "parallelism 1" : "FASTER backend", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NativeCheckpointsOff_CheckpointsAreCanonical()
    {
        using var directory = new TempDirectory();
        var source = new PartitionedSource(partitions: 2, perPartition: 1_000);
        var backend = new FasterStateBackend(new FasterStoreOptions { Directory = Path.Combine(directory.Path, "faster"), IndexBuckets = 1 << 12, NativeCheckpoints = false });
        string checkpoints = Path.Combine(directory.Path, "checkpoints");

        JobResult result = await Host(source, new TransactionalSink<KeyedValue<long, long>>(), backend, checkpoints, parallelism: 1).RunAsync().WaitAsync(s_generous);

        CheckpointManifest manifest = CheckpointInspection.Inspect(Path.Combine(checkpoints, $"chk-{result.LastCheckpointId}")).Manifest;
        Assert.All(manifest.FindOperator("bucket-sums")!.Subtasks, static s => Assert.False(s.HasNativeState));
        Assert.All(manifest.FindOperator("bucket-sums")!.Subtasks, static s => Assert.NotNull(s.KeyedState));
    }

    [Fact]
    public async Task SecondCheckpointAfterAFewChanges_IsIncremental_AndItsSizeMetricCountsOnlyItsOwnFiles()
    {
        using var directory = new TempDirectory();
        string checkpoints = Path.Combine(directory.Path, "checkpoints");
        using var sizes = new JobMetricRecorder(HyperFlowMetrics.CheckpointSize, SumJob.Definition.Name);
        var source = new PartitionedSource(partitions: 1, perPartition: 4_000);
        source.Hold(2_000);
        JobHost host = Host(source, new TransactionalSink<KeyedValue<long, long>>(), Faster(directory.Path), checkpoints, parallelism: 1);
        Task<JobResult> run = host.RunAsync();
        await source.WhenHeld.WaitAsync(s_generous);

        CheckpointManifest first = await host.TriggerCheckpointAsync().WaitAsync(s_generous);
        source.Hold(2_010);
        await source.WhenHeld.WaitAsync(s_generous);
        CheckpointManifest second = await host.TriggerCheckpointAsync().WaitAsync(s_generous);
        source.Release();
        await run.WaitAsync(s_generous);

        FasterSnapshotManifest firstSums = Assert.Single(first.FindOperator("bucket-sums")!.Subtasks[0].Faster!);
        FasterSnapshotManifest secondSums = Assert.Single(second.FindOperator("bucket-sums")!.Subtasks[0].Faster!);
        Assert.Equal(FasterCheckpointKind.Full, firstSums.Kind);
        Assert.Equal(FasterCheckpointKind.Incremental, secondSums.Kind);
        // The incremental checkpoint shares files with the first; the metric counts what it stored itself.
        // (Other tests of the same job may record sizes meanwhile: the values are looked for, not their order.)
        long ownStored = second.Files().Where(static f => !f.File.Path.StartsWith("../", StringComparison.Ordinal)).Sum(static f => f.File.StoredSize);
        long total = second.Files().Sum(static f => f.File.StoredSize);
        Assert.True(ownStored < total, "The second checkpoint shares no file with the first.");
        Assert.Contains(ownStored, sizes.Values);
        Assert.DoesNotContain(total, sizes.Values);
    }

    private static Exception Unwrap(Exception error)
    {
        while (error is not CheckpointException && error.InnerException is { } inner)
        {
            error = inner;
        }

        return error;
    }

    private static FasterStateBackend Faster(string root)
        => new(new FasterStoreOptions { Directory = Path.Combine(root, "faster"), IndexBuckets = 1 << 12 });

    private static JobHost Host(PartitionedSource source, TransactionalSink<KeyedValue<long, long>> sink, IStateBackend backend, string directory, int parallelism,
        RestartStrategy? restart = null, string? restoreFrom = null)
        => new JobHost(SumJob.Definition, new JobOptions
        {
            Parallelism = parallelism,
            StateBackend = backend,
            Checkpointing = new CheckpointingOptions(directory) { Interval = TimeSpan.Zero, RestoreFrom = restoreFrom },
            RestartStrategy = restart,
        })
            .BindSource("numbers", source)
            .BindSink("sums", sink);
}
