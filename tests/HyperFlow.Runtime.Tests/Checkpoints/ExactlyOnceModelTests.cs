using CsCheck;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.InMemory;
using HyperFlow.Runtime.Tests.Jobs;
using HyperFlow.Runtime.Tests.Timers;

namespace HyperFlow.Runtime.Tests.Checkpoints;

/// <summary>
/// Exactly-once under random failure points, with either state backend: periodic checkpoints every few milliseconds, the source
/// failing at random items (each once), restarts from the latest checkpoint; the committed output must
/// equal a failure-free run's: record for record at parallelism 1 (the same order), and at parallelism 2
/// (where two sources interleave at random, one of them possibly much slower, so that barriers align across
/// skewed inputs) one output per record and the same final sum for every key.
/// </summary>
public class ExactlyOnceModelTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(2);

    // At parallelism 2 the second source subtask may be slow (microseconds of work per read): the hash
    // exchange then delivers its barriers to each keyed subtask long after the first's (skewed alignment).
    private static readonly Gen<(int Parallelism, int IntervalMs, (int Partition, int Offset)[] Failures, int SlowMicros, bool Faster)> s_scenarios =
        Gen.Select(
            Gen.Int[1, 2],
            Gen.Int[1, 15],
            Gen.Select(Gen.Int[0, 3], Gen.Int[0, 2_999]).Array[0, 4],
            Gen.OneOf(Gen.Const(0), Gen.Int[5, 200]),
            Gen.Bool);

    [Fact]
    public async Task RandomFailures_CommittedOutputEqualsAFailureFreeRun()
    {
        var reference = new PartitionedSource(partitions: 4, perPartition: 3_000);
        long[] items = [.. reference.InOrder()];
        IReadOnlyList<KeyedValue<long, long>> expected = await SumJobOutputs.FailureFree(items);

        await s_scenarios.SampleAsync(
            async scenario =>
            {
                using var directory = new TempDirectory();
                var source = new PartitionedSource(partitions: 4, perPartition: 3_000);
                source.SlowDown(subtask: 1, TimeSpan.FromMicroseconds(scenario.SlowMicros));
                foreach ((int partition, int offset) in scenario.Failures)
                {
                    source.FailOnceAt(partition, offset);
                }

                var sink = new TransactionalSink<KeyedValue<long, long>>();
                JobResult result = await new JobHost(SumJob.Definition, new JobOptions
                {
                    Parallelism = scenario.Parallelism,
                    StateBackend = scenario.Faster
                        ? new FasterStateBackend(new FasterStoreOptions { Directory = Path.Combine(directory.Path, "faster"), DeleteFilesOnDispose = true, IndexBuckets = 1 << 12 })
                        : InMemoryStateBackend.Instance,
                    Checkpointing = new CheckpointingOptions(directory.Path) { Interval = TimeSpan.FromMilliseconds(scenario.IntervalMs) },
                    RestartStrategy = RestartStrategy.FixedDelay(maxAttempts: 10, delay: TimeSpan.Zero),
                })
                    .BindSource("numbers", source)
                    .BindSink("sums", sink)
                    .RunAsync()
                    .WaitAsync(s_generous);

                // Two subtasks may both hit a failure point before the run stops: one restart for both.
                Assert.InRange(result.Restarts, Math.Min(source.Failures, 1), source.Failures);
                if (scenario.Parallelism == 1)
                {
                    Assert.Equal(expected, sink.Committed(0));
                }
                else
                {
                    Assert.Equal(expected.Count, sink.AllCommitted.Count);
                    Assert.Equal(SumJobOutputs.FinalSums(expected), SumJobOutputs.FinalSums(sink.AllCommitted));
                }
            },
            iter: 40);
    }
}
