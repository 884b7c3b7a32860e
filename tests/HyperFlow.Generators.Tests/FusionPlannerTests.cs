using HyperFlow.Generators.Model;

namespace HyperFlow.Generators.Tests;

public class FusionPlannerTests
{
    [Fact]
    public void Plan_NoKeyBy_FusesEverythingIntoOneChain()
    {
        IReadOnlyList<ChainModel> chains = FusionPlanner.Plan(Stages(StageKind.Source, StageKind.Map, StageKind.Filter, StageKind.Map, StageKind.Sink));

        ChainModel chain = Assert.Single(chains);
        Assert.True(chain.StartsAtSource);
        Assert.Equal(5, chain.Stages.Count);
    }

    [Fact]
    public void Plan_KeyBy_EndsItsChainAndFeedsTheNext()
    {
        IReadOnlyList<ChainModel> chains = FusionPlanner.Plan(
            Stages(StageKind.Source, StageKind.Map, StageKind.KeyBy, StageKind.Aggregate, StageKind.Map, StageKind.KeyBy, StageKind.Aggregate, StageKind.Sink));

        Assert.Equal(3, chains.Count);
        Assert.Equal([StageKind.Source, StageKind.Map, StageKind.KeyBy], chains[0].Stages.Select(s => s.Kind));
        Assert.Equal([StageKind.Aggregate, StageKind.Map, StageKind.KeyBy], chains[1].Stages.Select(s => s.Kind));
        Assert.Equal([StageKind.Aggregate, StageKind.Sink], chains[2].Stages.Select(s => s.Kind));
        Assert.Equal(("Source", "Hash"), (chains[0].Input, chains[0].Output));
        Assert.Equal(("Hash", "Hash"), (chains[1].Input, chains[1].Output));
        Assert.Equal(("Hash", "Sink"), (chains[2].Input, chains[2].Output));
        Assert.Equal("in2", chains[1].InputType);
        Assert.Equal([0, 1, 2], chains.Select(c => c.Id));
    }

    [Fact]
    public void Plan_Partition_EndsChainWithoutBecomingAnOperator()
    {
        IReadOnlyList<ChainModel> chains = FusionPlanner.Plan(
            Stages(StageKind.Source, StageKind.Map, StageKind.Partition, StageKind.Filter, StageKind.Sink));

        Assert.Equal(2, chains.Count);
        Assert.Equal([StageKind.Source, StageKind.Map], chains[0].Stages.Select(s => s.Kind));
        Assert.Equal("op2", chains[0].Output);
        Assert.Equal("op2", chains[1].Input);
        Assert.Equal("out2", chains[1].InputType);
        Assert.Equal([StageKind.Filter, StageKind.Sink], chains[1].Stages.Select(s => s.Kind));
    }

    [Fact]
    public void Plan_Timestamp_RecordsOfEveryLaterChainCarryTimestamps()
    {
        IReadOnlyList<ChainModel> chains = FusionPlanner.Plan(
            Stages(StageKind.Source, StageKind.Timestamp, StageKind.Map, StageKind.KeyBy, StageKind.Aggregate, StageKind.Partition, StageKind.Filter, StageKind.Sink));

        Assert.Equal(3, chains.Count);
        Assert.Equal([false, true, true], chains.Select(c => c.TimestampedInput));
        Assert.All(chains, c => Assert.True(c.TimestampedOutput));
        Assert.Equal(StageKind.Timestamp, chains[0].Timestamp?.Kind);
        Assert.Null(chains[1].Timestamp);
    }

    [Fact]
    public void Plan_NoTimestamp_NoChainCarriesTimestamps()
    {
        IReadOnlyList<ChainModel> chains = FusionPlanner.Plan(Stages(StageKind.Source, StageKind.KeyBy, StageKind.Reduce, StageKind.Sink));

        Assert.All(chains, c => Assert.False(c.TimestampedInput || c.TimestampedOutput));
    }

    private static EquatableArray<StageModel> Stages(params StageKind[] kinds)
        => new(kinds.Select((k, i) => new StageModel(k, $"op{i}", $"T.M{i}", $"global::T.M{i}", $"in{i}", $"out{i}", $"in{i}", $"out{i}", "long", "long", string.Empty)));
}
