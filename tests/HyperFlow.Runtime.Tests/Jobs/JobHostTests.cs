using CsCheck;
using HyperFlow.Graph;
using HyperFlow.Runtime.Execution;

namespace HyperFlow.Runtime.Tests.Jobs;

public class JobHostTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(2);

    [Fact]
    public void Definition_Graph_HasTwoChainsSplitAtKeyBy()
    {
        JobGraph graph = SumJob.Definition.Graph;
        Assert.Equal("test-sum", graph.JobName);
        Assert.Equal(2, graph.Chains.Count);
        Assert.Equal(["numbers", "Triple", "IsEven", "Bucket"], graph.Chains[0].Operators.Select(o => o.Uid));
        Assert.Equal(ExchangeKind.Forward, graph.Chains[0].Input);
        Assert.Equal(["bucket-sums", "sums"], graph.Chains[1].Operators.Select(o => o.Uid));
        Assert.Equal(ExchangeKind.Hash, graph.Chains[1].Input);
        Assert.Equal(OperatorKind.Aggregate, graph.Chains[1].Operators[0].Kind);
    }

    [Fact]
    public void RunAsync_RandomInputsAndSizes_MatchesReferenceRunningSums()
    {
        Gen.Select(Gen.Long[-1000, 1000].Where(x => x != SumJob.Poison).Array[0, 3000], Gen.Int[1, 3], Gen.Int[1, 64], Gen.Int[6, 9])
            .Sample(
                t =>
                {
                    (long[] input, int parallelism, int batchSize, int log2Ring) = t;
                    var sink = new CollectingSink<KeyedValue<long, long>>();
                    var options = new JobOptions { Parallelism = parallelism, BatchSize = batchSize, RingCapacity = 1 << log2Ring };
                    JobResult result = Run(new JobHost(SumJob.Definition, options).BindSource("numbers", new ArraySource<long>(input)).BindSink("sums", sink));

                    // Reference: the same arithmetic, written out plainly.
                    var expected = new Dictionary<long, List<long>>();
                    foreach (long x in input)
                    {
                        long y = x * 3;
                        if (y % 2 == 0)
                        {
                            long bucket = Math.Abs(y % 7);
                            if (!expected.TryGetValue(bucket, out List<long>? values))
                            {
                                expected[bucket] = values = [];
                            }

                            values.Add(y);
                        }
                    }

                    Assert.Equal(input.Length, result.RecordsRead);
                    Assert.Equal(expected.Values.Sum(v => v.Count), result.RecordsWritten);
                    Assert.Equal(parallelism, sink.CompletedWriters);

                    // Each key's updates come from one subtask, in order: differences of consecutive
                    // running sums must be exactly that key's inputs (as a multiset), and the last is the total.
                    var updatesByKey = sink.BySubtask.Values
                        .SelectMany(list => list.GroupBy(u => u.Key))
                        .ToDictionary(g => g.Key, g => g.Select(u => u.Value).ToList());
                    Assert.Equal(expected.Keys.Order(), updatesByKey.Keys.Order());
                    foreach ((long key, List<long> values) in expected)
                    {
                        List<long> sums = updatesByKey[key];
                        long[] increments = [.. sums.Select((s, i) => i == 0 ? s : s - sums[i - 1])];
                        Assert.Equal(values.Order(), increments.Order());
                        Assert.Equal(values.Sum(), sums[^1]);
                    }
                },
                iter: 60);
    }

    [Fact]
    public void RunAsync_OperatorThrows_FailsWithOperatorSubtaskAndJobNamed()
    {
        long[] input = [.. Enumerable.Range(0, 10_000).Select(i => i == 5_000 ? SumJob.Poison : (long)i)];
        var sink = new CollectingSink<KeyedValue<long, long>>();
        var host = new JobHost(SumJob.Definition, new JobOptions { Parallelism = 2 })
            .BindSource("numbers", new ArraySource<long>(input))
            .BindSink("sums", sink);

        var error = Assert.Throws<OperatorException>(() => Run(host));

        Assert.Equal("Triple", error.OperatorUid);
        Assert.Equal("test-sum", error.JobName);
        Assert.Equal(5_000 % 2, error.Subtask);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Contains("Operator 'Triple'", error.Message, StringComparison.Ordinal);
        Assert.Contains("poison value", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, sink.CompletedWriters);
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsPromptlyAndThrows()
    {
        var source = new EndlessSource();
        using var cancel = new CancellationTokenSource();
        Task<JobResult> run = new JobHost(SumJob.Definition, new JobOptions { Parallelism = 2 })
            .BindSource("numbers", source)
            .BindSink("sums", new CollectingSink<KeyedValue<long, long>>())
            .RunAsync(cancel.Token);

        // Wait until the job is demonstrably running, then cancel mid-stream.
        using var waited = new CancellationTokenSource(s_generous);
        while (source.Produced < 100_000)
        {
            await Task.Delay(1, waited.Token);
        }

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(s_generous));
    }

    [Fact]
    public async Task RunAsync_SourceNotBound_ThrowsNamingIt()
    {
        var host = new JobHost(SumJob.Definition).BindSink("sums", new CollectingSink<KeyedValue<long, long>>());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.RunAsync());
        Assert.Contains("'numbers'", error.Message, StringComparison.Ordinal);
        Assert.Contains("BindSource", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BindSource_UnknownName_ThrowsListingDeclaredSources()
    {
        var host = new JobHost(SumJob.Definition);
        var error = Assert.Throws<ArgumentException>(() => host.BindSource("trades", new ArraySource<long>([])));
        Assert.Contains("'numbers'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SourceOfWrongType_ThrowsBeforeStarting()
    {
        var host = new JobHost(SumJob.Definition)
            .BindSource("numbers", new ArraySource<int>([1, 2, 3]))
            .BindSink("sums", new CollectingSink<KeyedValue<long, long>>());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.RunAsync());
        Assert.Contains("Int64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Twice_Throws()
    {
        var host = new JobHost(SumJob.Definition, new JobOptions { Parallelism = 1 })
            .BindSource("numbers", new ArraySource<long>([1, 2]))
            .BindSink("sums", new CollectingSink<KeyedValue<long, long>>());
        await host.RunAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.RunAsync());
    }

    [Theory]
    [InlineData(0, 256, 4096)]
    [InlineData(1, 0, 4096)]
    [InlineData(1, 256, 1000)]
    [InlineData(1, 512, 256)]
    [InlineData(200, 256, 4096)]
    public void Constructor_InvalidOptions_Throws(int parallelism, int batchSize, int ringCapacity)
        => Assert.Throws<ArgumentOutOfRangeException>(() => new JobHost(
            SumJob.Definition,
            new JobOptions { Parallelism = parallelism, BatchSize = batchSize, RingCapacity = ringCapacity }));

    private static JobResult Run(JobHost host)
    {
        Task<JobResult> run = host.RunAsync();
        Assert.True(((IAsyncResult)run).AsyncWaitHandle.WaitOne(s_generous), "job did not finish");
        return run.GetAwaiter().GetResult();
    }
}
