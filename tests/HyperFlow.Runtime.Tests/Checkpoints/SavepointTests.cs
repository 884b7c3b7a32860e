using HyperFlow.Runtime.Tests.Jobs;
using HyperFlow.Runtime.Tests.Timers;
using HyperFlow.Storage.Checkpointing;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.State;

namespace HyperFlow.Runtime.Tests.Checkpoints;

/// <summary>
/// Savepoints taken from a running job and restored into a new run with another parallelism and another
/// state backend: keyed state moves by key group, sources find each partition's offset whichever subtask
/// read it, and the output of both runs together holds every record exactly once.
/// </summary>
public class SavepointTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData(2, "InMemory", 1, "Faster")]
    [InlineData(1, "Faster", 2, "InMemory")]
    [InlineData(2, "Faster", 2, "Faster")]
    public async Task Savepoint_RestoredWithOtherParallelismAndBackend_EveryRecordExactlyOnce(int fromParallelism, string fromBackend, int toParallelism, string toBackend)
    {
        using var files = new TempDirectory();
        var source = new PartitionedSource(partitions: 6, perPartition: 2_000);
        var sink = new TransactionalSink<KeyedValue<long, long>>();
        string savepoint = Path.Combine(files.Path, "savepoint");
        source.Hold(2_500);
        using var cancel = new CancellationTokenSource();
        JobHost first = Host(source, sink, fromParallelism, Backend(fromBackend, files.Path), Path.Combine(files.Path, "first"));
        Task<JobResult> firstRun = first.RunAsync(cancel.Token);
        await source.WhenHeld.WaitAsync(s_generous);

        CheckpointManifest manifest = await first.TriggerSavepointAsync(savepoint).WaitAsync(s_generous);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => firstRun.WaitAsync(s_generous));

        Assert.Equal(CheckpointKind.Savepoint, manifest.Kind);
        Assert.Equal(fromParallelism, manifest.FindOperator("bucket-sums")!.Subtasks.Count);
        // Canonical whatever the backend (a FASTER job's checkpoints are native): restorable at any parallelism, into any backend.
        Assert.All(manifest.Operators.SelectMany(static o => o.Subtasks), static s => Assert.False(s.HasNativeState));
        Assert.All(manifest.FindOperator("bucket-sums")!.Subtasks, static s => Assert.NotNull(s.KeyedState));
        // A savepoint commits nothing (a recovery from an older checkpoint would replay it): the job restored from it does.
        Assert.Empty(sink.AllCommitted);

        source.Release();
        JobHost second = Host(source, sink, toParallelism, Backend(toBackend, files.Path), Path.Combine(files.Path, "second"), restoreFrom: savepoint);
        await second.RunAsync().WaitAsync(s_generous);

        Assert.Equal(source.InOrder().Count(SumJobOutputs.IsEvenTripled), sink.AllCommitted.Count);
        Assert.Equal(SumJobOutputs.ReferenceSums(source.InOrder()), SumJobOutputs.FinalSums(sink.AllCommitted));
    }

    [Fact]
    public async Task Savepoint_OfAJobWithoutCheckpointing_FailsSayingHowToTurnThemOn()
    {
        var host = new JobHost(SumJob.Definition, new JobOptions { Parallelism = 1 });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.TriggerSavepointAsync("/tmp/never"));

        Assert.Contains("JobOptions.Checkpointing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_SavepointWithAnUnknownOperator_IsRefusedNamingIt()
    {
        using var files = new TempDirectory();
        string savepoint = Path.Combine(files.Path, "savepoint");
        using (CheckpointWriter writer = CheckpointWriter.BeginSavepoint(savepoint, "test-sum", 7, "InMemory"))
        {
            writer.AddSourcePosition("gone-operator", 0, 1, [1, 2, 3]);
            writer.Complete();
        }

        var source = new PartitionedSource(partitions: 1, perPartition: 10);
        JobHost host = Host(source, new TransactionalSink<KeyedValue<long, long>>(), 1, InMemoryStateBackend.Instance, Path.Combine(files.Path, "run"), restoreFrom: savepoint);

        var error = await Assert.ThrowsAsync<CheckpointException>(() => host.RunAsync().WaitAsync(s_generous));

        Assert.Contains("gone-operator", error.Message, StringComparison.Ordinal);
    }

    private static IStateBackend Backend(string name, string root) => name switch
    {
        "Faster" => new FasterStateBackend(new FasterStoreOptions { Directory = Path.Combine(root, "faster"), DeleteFilesOnDispose = true }),
        _ => InMemoryStateBackend.Instance,
    };

    private static JobHost Host(PartitionedSource source, TransactionalSink<KeyedValue<long, long>> sink, int parallelism, IStateBackend backend, string directory, string? restoreFrom = null)
        => new JobHost(SumJob.Definition, new JobOptions
        {
            Parallelism = parallelism,
            StateBackend = backend,
            Checkpointing = new CheckpointingOptions(directory) { Interval = TimeSpan.Zero, RestoreFrom = restoreFrom },
        })
            .BindSource("numbers", source)
            .BindSink("sums", sink);
}
