using CsCheck;
using HyperFlow.Runtime.Tests.Timers;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.InMemory;
using HyperFlow.Windows;

namespace HyperFlow.Runtime.Tests.Checkpoints;

/// <summary>
/// Sliding windows across restarts: the window operator restores its contents and the watermark it had at
/// the checkpoint, so windows it fired before the checkpoint do not fire again from the slices they share
/// with later windows; the committed results equal a failure-free run's.
/// </summary>
public class WindowRecoveryTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(2);

    // A checkpoint is taken once each reader has read `Hold` items; the source then fails at a later offset
    // of each partition (the readers have read about a quarter of `Hold` from each of their partitions).
    private static readonly Gen<(int Parallelism, int Hold, int[] FailAfter)> s_scenarios =
        Gen.Select(Gen.Int[1, 2], Gen.Int[200, 4_000], Gen.Int[1, 1_000].Array[4]);

    [Theory]
    [InlineData("InMemory", 15)]
    [InlineData("Faster", 6)]
    public async Task SlidingWindows_RandomFailures_EveryWindowFiresExactlyOnce(string backend, int iterations)
    {
        List<(WindowResult<long, long> Value, long Timestamp)> expected = await Run(new PartitionedSource(4, 2_000), parallelism: 1, intervalMs: 0);

        await s_scenarios.SampleAsync(
            async scenario =>
            {
                using var directory = new TempDirectory();
                var source = new PartitionedSource(4, 2_000);
                var sink = new TransactionalSink<WindowResult<long, long>>();
                source.Hold(scenario.Hold);
                JobHost host = Host(source, sink, directory.Path, scenario.Parallelism, intervalMs: 0, backend);
                Task<JobResult> run = host.RunAsync();
                await source.WhenHeld.WaitAsync(s_generous);
                await host.TriggerCheckpointAsync().WaitAsync(s_generous);
                int readPerPartition = scenario.Hold * scenario.Parallelism / 4;
                for (int partition = 0; partition < 4; partition++)
                {
                    source.FailOnceAt(partition, Math.Min(1_999, readPerPartition + scenario.FailAfter[partition]));
                }

                source.Release();
                JobResult result = await run.WaitAsync(s_generous);

                Assert.True(result.Restarts > 0);
                Assert.Equal(expected, Sorted(sink));
            },
            iter: iterations);
    }

    private static async Task<List<(WindowResult<long, long> Value, long Timestamp)>> Run(PartitionedSource source, int parallelism, int intervalMs)
    {
        using var directory = new TempDirectory();
        var sink = new TransactionalSink<WindowResult<long, long>>();
        await Host(source, sink, directory.Path, parallelism, intervalMs).RunAsync().WaitAsync(s_generous);
        return Sorted(sink);
    }

    private static JobHost Host(PartitionedSource source, TransactionalSink<WindowResult<long, long>> sink, string directory, int parallelism, int intervalMs,
        string backend = "InMemory")
        => new JobHost(SlidingSumsJob.Definition, new JobOptions
        {
            Parallelism = parallelism,
            // FASTER checkpoints the window contents and the timers natively.
            StateBackend = backend == "Faster"
                ? new FasterStateBackend(new FasterStoreOptions { Directory = Path.Combine(directory, "faster"), IndexBuckets = 1 << 12 })
                : InMemoryStateBackend.Instance,
            Checkpointing = new CheckpointingOptions(directory) { Interval = TimeSpan.FromMilliseconds(intervalMs) },
            RestartStrategy = RestartStrategy.FixedDelay(maxAttempts: 10, delay: TimeSpan.Zero),
        })
            .BindSource("items", source)
            .BindSink("sums", sink);

    // Results of one firing come out in key order after a restore (the index is rebuilt from the store), in
    // arrival order before: compare them sorted.
    private static List<(WindowResult<long, long> Value, long Timestamp)> Sorted(TransactionalSink<WindowResult<long, long>> sink)
        => [.. sink.CommittedWithTimestamps.OrderBy(static r => r.Timestamp).ThenBy(static r => r.Value.Key)];
}
