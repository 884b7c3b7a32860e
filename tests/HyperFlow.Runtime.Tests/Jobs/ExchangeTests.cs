using HyperFlow.Graph;

namespace HyperFlow.Runtime.Tests.Jobs;

public class ExchangeTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Rebalance_DeliversEveryRecordOnceAndSpreadsThem(int parallelism)
    {
        long[] input = [.. Enumerable.Range(0, 30_000).Select(i => (long)i)];
        var sink = new CollectingSink<long>();
        await Run(RebalanceJob.Definition, parallelism, input, sink);

        Assert.Equal(ExchangeKind.Rebalance, RebalanceJob.Definition.Graph.Chains[1].Input);
        Assert.Equal(input.Select(x => (x * 2) + 1).Order(), sink.All.Order());
        // Round-robin per record: each subtask gets its share, give or take one per producer.
        Assert.All(sink.BySubtask.Values, list => Assert.InRange(list.Count, (input.Length / parallelism) - parallelism, (input.Length / parallelism) + parallelism));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Broadcast_EverySubtaskReceivesEveryRecord(int parallelism)
    {
        long[] input = [.. Enumerable.Range(0, 10_000).Select(i => (long)i)];
        var sink = new CollectingSink<long>();
        await Run(BroadcastJob.Definition, parallelism, input, sink);

        Assert.Equal(parallelism, sink.BySubtask.Count);
        Assert.All(sink.BySubtask.Values, list => Assert.Equal(input, list.Order()));
    }

    [Fact]
    public async Task Forward_KeepsEachSubtasksRecordsOnItsSubtaskInOrder()
    {
        long[] input = [.. Enumerable.Range(0, 20_000).Select(i => (long)i)];
        var sink = new CollectingSink<long>();
        await Run(ForwardJob.Definition, 2, input, sink);

        // ArraySource gives subtask s the indexes ≡ s (mod 2): the odd ones all belong to subtask 1.
        Assert.Empty(sink.BySubtask.GetValueOrDefault(0) ?? []);
        Assert.Equal(input.Where(x => (x & 1) == 1), sink.BySubtask[1]);
    }

    private static async Task Run(JobDefinition job, int parallelism, long[] input, CollectingSink<long> sink)
        => await new JobHost(job, new JobOptions { Parallelism = parallelism, RingCapacity = 256, BatchSize = 32 })
            .BindSource("numbers", new ArraySource<long>(input))
            .BindSink("out", sink)
            .RunAsync()
            .WaitAsync(s_generous);
}
