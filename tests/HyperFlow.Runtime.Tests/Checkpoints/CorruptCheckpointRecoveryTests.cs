using HyperFlow.Runtime.Tests.Jobs;
using HyperFlow.Runtime.Tests.Timers;
using HyperFlow.Storage.Checkpointing;

namespace HyperFlow.Runtime.Tests.Checkpoints;

/// <summary>
/// A job restarted on a directory whose newest checkpoint is corrupt restores the one before it (the
/// corrupt one is skipped, loudly) and replays from there: its committed output is exactly the
/// failure-free output after the older checkpoint.
/// </summary>
public class CorruptCheckpointRecoveryTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task NewestCheckpointCorrupt_RestoresThePreviousOneAndReplaysFromIt()
    {
        using var directory = new TempDirectory();
        var source = new PartitionedSource(partitions: 1, perPartition: 4_000);
        long[] items = [.. source.InOrder()];
        var firstSink = new TransactionalSink<KeyedValue<long, long>>();
        using var cancel = new CancellationTokenSource();
        source.Hold(1_000);
        JobHost first = Host(source, firstSink, directory.Path, logger: null);
        Task<JobResult> firstRun = first.RunAsync(cancel.Token);
        await source.WhenHeld.WaitAsync(s_generous);
        CheckpointManifest older = await first.TriggerCheckpointAsync().WaitAsync(s_generous);
        int committedAtOlder = firstSink.AllCommitted.Count;
        source.Hold(2_500);
        await source.WhenHeld.WaitAsync(s_generous);
        CheckpointManifest newer = await first.TriggerCheckpointAsync().WaitAsync(s_generous);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => firstRun.WaitAsync(s_generous));

        // Flip a byte in the middle of the newest checkpoint's keyed state file.
        StateFileManifest file = newer.FindOperator("bucket-sums")!.Subtasks[0].KeyedState!;
        string path = Path.Combine(directory.Path, $"chk-{newer.CheckpointId}", file.Path);
        byte[] bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0x5A;
        await File.WriteAllBytesAsync(path, bytes);

        using var skipped = new JobMetricRecorder(HyperFlowMetrics.CheckpointsCorruptSkipped, SumJob.Definition.Name);
        var secondSink = new TransactionalSink<KeyedValue<long, long>>();
        var log = new ListLogger();
        JobResult result = await Host(new PartitionedSource(partitions: 1, perPartition: 4_000), secondSink, directory.Path, log).RunAsync().WaitAsync(s_generous);

        IReadOnlyList<KeyedValue<long, long>> expected = await SumJobOutputs.FailureFree(items);
        Assert.Contains(log.Lines, m => m.StartsWith("Error: ", StringComparison.Ordinal) && m.Contains($"checkpoint {newer.CheckpointId}", StringComparison.OrdinalIgnoreCase) && m.Contains("corrupt", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(log.Lines, m => m.Contains($"restoring from checkpoint {older.CheckpointId}", StringComparison.Ordinal));
        Assert.Equal(expected.Skip(committedAtOlder), secondSink.Committed(0));
        Assert.Equal(items.Length - 1_000, result.RecordsRead);
        Assert.Equal([1L], skipped.Values);
    }

    private static JobHost Host(PartitionedSource source, TransactionalSink<KeyedValue<long, long>> sink, string directory, ListLogger? logger)
        => new JobHost(SumJob.Definition, new JobOptions
        {
            Logger = logger,
            Parallelism = 1,
            Checkpointing = new CheckpointingOptions(directory) { Interval = TimeSpan.Zero },
            RestartStrategy = RestartStrategy.None,
        })
            .BindSource("numbers", source)
            .BindSink("sums", sink);
}
