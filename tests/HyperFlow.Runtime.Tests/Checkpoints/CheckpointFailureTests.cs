using HyperFlow.Runtime.Tests.Jobs;
using HyperFlow.Runtime.Tests.Timers;
using HyperFlow.Storage.Checkpointing;

namespace HyperFlow.Runtime.Tests.Checkpoints;

/// <summary>
/// A checkpoint a subtask declines (here a sink that cannot prepare its commit) is aborted with a message
/// naming the subtask and the cause, and its files are removed; the job goes on until more checkpoints in
/// a row have failed than it tolerates, then fails saying so.
/// </summary>
public class CheckpointFailureTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task DeclinedCheckpoints_AreAbortedUntilTheToleranceIsExceeded_ThenTheJobFails()
    {
        using var directory = new TempDirectory();
        var source = new PartitionedSource(partitions: 2, perPartition: 5_000);
        source.Hold(1_000);
        JobHost host = new JobHost(SumJob.Definition, new JobOptions
        {
            Parallelism = 1,
            Checkpointing = new CheckpointingOptions(directory.Path) { Interval = TimeSpan.Zero, TolerableFailures = 1 },
            RestartStrategy = RestartStrategy.None,
        })
            .BindSource("numbers", source)
            .BindSink("sums", new FullDiskSink());
        Task<JobResult> run = host.RunAsync();
        await source.WhenHeld.WaitAsync(s_generous);

        var first = await Assert.ThrowsAsync<CheckpointException>(() => host.TriggerCheckpointAsync().WaitAsync(s_generous));

        Assert.Contains("subtask 1/1 declined it", first.Message, StringComparison.Ordinal);
        Assert.Contains("no space left", first.Message, StringComparison.Ordinal);
        Assert.False(run.IsCompleted);
        Assert.Empty(Directory.EnumerateDirectories(directory.Path, "chk-*"));

        await Assert.ThrowsAsync<CheckpointException>(() => host.TriggerCheckpointAsync().WaitAsync(s_generous));
        var failure = await Assert.ThrowsAsync<CheckpointException>(() => run.WaitAsync(s_generous));

        Assert.Contains("2 checkpoints in a row failed, more than the 1 tolerated", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>A committing sink whose writers cannot prepare a commit.</summary>
    private sealed class FullDiskSink : ICheckpointedSink<KeyedValue<long, long>>
    {
        public ISinkWriter<KeyedValue<long, long>> CreateWriter(int subtask, int parallelism) => new Writer();

        public ICheckpointedSinkWriter<KeyedValue<long, long>> CreateCheckpointedWriter(int subtask, int parallelism, IReadOnlyList<ReadOnlyMemory<byte>> restoredStates) => new Writer();

        private sealed class Writer : ICheckpointedSinkWriter<KeyedValue<long, long>>
        {
            public void Write(ReadOnlySpan<KeyedValue<long, long>> batch)
            {
            }

            public void Complete()
            {
            }

            public byte[] PrepareCommit(long checkpointId) => throw new IOException("no space left on device");

            public void Commit(long checkpointId)
            {
            }
        }
    }
}
