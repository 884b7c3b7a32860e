using HyperFlow.Generators.Model;

namespace HyperFlow.Generators.Tests;

/// <summary>How the planner lays out side outputs: each stream's chains numbered consecutively, each side output a forward exchange into its stream's first chain.</summary>
public class SideOutputPlannerTests
{
    [Fact]
    public void Plan_SideOutputs_StartChainsFedFromTheirProducer()
    {
        // main: source, timestamps, key-by | process, map, sink; side "a" of the process: key-by | reduce, sink; side "b": sink.
        StageModel[] stages =
        [
            Stage(StageKind.Source), Stage(StageKind.Timestamp), Stage(StageKind.KeyBy),
            Stage(StageKind.Process), Stage(StageKind.Map), Stage(StageKind.Sink),
            Side("a", producer: 3), Stage(StageKind.KeyBy), Stage(StageKind.Reduce), Stage(StageKind.Sink),
            Side("b", producer: 3), Stage(StageKind.Sink),
        ];

        IReadOnlyList<ChainModel> chains = FusionPlanner.Plan(new EquatableArray<StageModel>(stages));

        Assert.Equal(
            [[StageKind.Source, StageKind.Timestamp, StageKind.KeyBy], [StageKind.Process, StageKind.Map, StageKind.Sink], [StageKind.KeyBy], [StageKind.Reduce, StageKind.Sink], [StageKind.Sink]],
            chains.Select(c => c.Stages.Select(s => s.Kind).ToArray()));
        Assert.Equal(["Source", "Hash", "Forward", "Hash", "Forward"], chains.Select(c => c.Input));
        Assert.Equal(["Hash", "Sink", "Hash", "Sink", "Sink"], chains.Select(c => c.Output));
        // The side streams carry the tag's type and the producer's timestamps.
        Assert.Equal(("type-a", "type-b"), (chains[2].InputType, chains[4].InputType));
        Assert.All(chains.Skip(1), c => Assert.True(c.TimestampedInput));
        Assert.Equal([new SideOutputLink(0, "a", "global::T.A", "type-a", 2), new SideOutputLink(0, "b", "global::T.B", "type-b", 4)], chains[1].SideOutputs);
        Assert.All(chains.Where(c => c.Id != 1), c => Assert.Equal(0, c.SideOutputs.Count));
    }

    [Fact]
    public void Plan_SideOutputOfASideOutput_LinksTheInnerProducer()
    {
        StageModel[] stages =
        [
            Stage(StageKind.Source), Stage(StageKind.KeyBy), Stage(StageKind.Process), Stage(StageKind.Sink),
            Side("a", producer: 2), Stage(StageKind.KeyBy), Stage(StageKind.Process), Stage(StageKind.Sink),
            Side("b", producer: 6), Stage(StageKind.Map), Stage(StageKind.Sink),
        ];

        IReadOnlyList<ChainModel> chains = FusionPlanner.Plan(new EquatableArray<StageModel>(stages));

        Assert.Equal(5, chains.Count);
        Assert.Equal(2, Assert.Single(chains[1].SideOutputs).Chain);
        Assert.Equal(4, Assert.Single(chains[3].SideOutputs).Chain);
        Assert.All(chains, c => Assert.False(c.TimestampedInput));
    }

    private static StageModel Stage(StageKind kind) => new(kind, kind.ToString(), "T.M", "global::T.M", "in", "out", "in", "out", "long", "long", string.Empty);

    private static StageModel Side(string tag, int producer)
        => Stage(StageKind.SideOutput) with { SideOutput = new SideOutputModel(tag, "global::T." + tag.ToUpperInvariant(), "type-" + tag, tag, producer, default) };
}
