namespace HyperFlow.Generators.Tests;

/// <summary>Baselines of generated keyed process functions and side outputs (see <see cref="SnapshotTests"/> for updating them).</summary>
public class ProcessSnapshotTests
{
    [Fact]
    public void IdleSums_ProcessFunctionWithTimersAndSideOutput_MatchesBaselineAndCompilesCleanly()
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(ProcessJobs.Types, ProcessJobs.IdleSums);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.Failures);
        string generated = Assert.Single(result.Generated);
        // The function is called directly on its sealed type, its timers fire through a struct target.
        Assert.Contains("function.Add(in e0, process.Enter(key0, global::HyperFlow.Storage.Keys.KeyHash.Of(key0), ts), collector0);", generated, StringComparison.Ordinal);
        Assert.Contains("_function.Flush(time, _process.EnterTimer(key, time, domain), collector0);", generated, StringComparison.Ordinal);
        Assert.Contains("private readonly struct Timers(__HyperFlowChain1 chain) : global::HyperFlow.Timers.ITimerTarget<long, global::HyperFlow.Timers.VoidNamespace>", generated, StringComparison.Ordinal);
        // The side output is a forward exchange with timestamps into the chain of its stream.
        Assert.Contains("_side0 = new(AddOutput(plan.CreateForwardOutput<global::HyperFlow.Timestamped<global::Sample.Payment>>(2, subtask)));", generated, StringComparison.Ordinal);
        Assert.Contains("_process.AddSideOutput(global::Sample.IdleSums.Large, _side0);", generated, StringComparison.Ordinal);
        Assert.Contains("global::HyperFlow.Graph.ExchangeKind.Forward),", generated, StringComparison.Ordinal);
        SnapshotTests.AssertMatchesBaseline("IdleSums.g.cs.txt", generated);
    }

    [Fact]
    public void Dedup_FunctionWithoutTimersAndKeyedSideOutput_MatchesBaselineAndCompilesCleanly()
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(ProcessJobs.Types, ProcessJobs.Dedup);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.Failures);
        string generated = Assert.Single(result.Generated);
        // No timers: no timer store, no processing-time hook; the watermark only moves the context's.
        Assert.Contains("_process = new(plan, \"split-large\", subtask, \"SplitLarge\", hasTimers: false);", generated, StringComparison.Ordinal);
        Assert.Contains("_function = new global::Sample.SplitLarge();", generated, StringComparison.Ordinal);
        Assert.Contains("protected override void OnWatermark(long watermark) => _process.AdvanceWatermark(watermark);", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("NextProcessingTime", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("Timestamped", generated, StringComparison.Ordinal);
        Assert.Contains("process.Enter(key0, global::HyperFlow.Storage.Keys.KeyHash.Of(key0), long.MinValue)", generated, StringComparison.Ordinal);
        SnapshotTests.AssertMatchesBaseline("Dedup.g.cs.txt", generated);
    }

    [Fact]
    public void IdleSums_GraphShowsTheProcessAndTheSideOutputsChain()
    {
        JobDefinition job = CompiledJobs.Load(ProcessJobs.IdleSums + ProcessJobs.Types.Replace("namespace Sample;", string.Empty, StringComparison.Ordinal), "Sample.IdleSums");

        Assert.Equal(3, job.Graph.Chains.Count);
        Assert.Equal("SumUntilIdle -> totals", job.Graph.Chains[1].Name);
        Assert.Equal(Graph.OperatorKind.Process, job.Graph.Chains[1].Operators[0].Kind);
        Assert.Equal(("AmountOf -> large-amounts", Graph.ExchangeKind.Forward), (job.Graph.Chains[2].Name, job.Graph.Chains[2].Input));
        Assert.Equal(["totals", "large-amounts"], job.SinkNames);
    }

    [Fact]
    public void ProcessInASideOutputsStream_HasSideOutputsOfItsOwn_CompilesCleanly()
    {
        // The side output's stream keys and processes again; that function's own side output goes on in a third stream.
        string job = ProcessJobs.Dedup
            .Replace(".SideOutput(Large, large => large.KeyBy(Account).Reduce(Max).To(\"largest\"))", ".SideOutput(Large, large => large.KeyBy(Account).Process<SplitLarge, Payment>().SideOutput(Large, larger => larger.To(\"larger\")).To(\"large\"))", StringComparison.Ordinal)
            .Replace("[Reduce] static Payment Max(in Payment a, in Payment b) => b.Amount > a.Amount ? b : a;", string.Empty, StringComparison.Ordinal)
            .Replace("[Process(Uid = \"split-large\")]", "[Process]", StringComparison.Ordinal);
        GeneratorHarness.Result result = GeneratorHarness.Run(ProcessJobs.Types, job);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.Failures);
        string generated = Assert.Single(result.Generated);
        // Chains: source | process, map | sink (rebalance) | side: key-by | process, sink | its side: sink.
        Assert.Contains("// Chain 4: Hash exchange => [Process] SplitLarge -> [Sink] large", generated, StringComparison.Ordinal);
        Assert.Contains("// Chain 5: Forward exchange => [Sink] larger", generated, StringComparison.Ordinal);
        Assert.Contains("_process = new(plan, \"SplitLarge-2\", subtask, \"SplitLarge\", hasTimers: false);", generated, StringComparison.Ordinal);
        Assert.Contains("plan.CreateForwardOutput<global::Sample.Payment>(5, subtask)", generated, StringComparison.Ordinal);
    }
}
