namespace HyperFlow.Generators.Tests;

/// <summary>
/// The generated code is part of HyperFlow's contract with its users (they read and step through it),
/// so changes to it are reviewed: each test compares the output with a committed baseline. After an
/// intended change, run the tests with HYPERFLOW_UPDATE_BASELINES=1 and review the diff.
/// </summary>
public class SnapshotTests
{
    [Fact]
    public void LargeTrades_GeneratedCode_MatchesBaselineAndCompilesCleanly()
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(Jobs.Types, Jobs.LargeTrades);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.Failures);
        string generated = Assert.Single(result.Generated);
        AssertMatchesBaseline("LargeTrades.g.cs.txt", generated);
    }

    [Fact]
    public void Partitioned_ExchangesSplitChains_MatchesBaselineAndCompilesCleanly()
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(Jobs.Types, Jobs.Partitioned);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.Failures);
        string generated = Assert.Single(result.Generated);
        Assert.Contains("ExchangeKind.Rebalance", generated, StringComparison.Ordinal);
        Assert.Contains("ExchangeKind.Broadcast", generated, StringComparison.Ordinal);
        AssertMatchesBaseline("Partitioned.g.cs.txt", generated);
    }

    [Fact]
    public void WordCounts_FlatMapAndReduce_MatchesBaselineAndCompilesCleanly()
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(Jobs.WordLengths);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.Failures);
        string generated = Assert.Single(result.Generated);
        Assert.Contains("output.EmitChecked(global::HyperFlow.Storage.Keys.KeyHash.Of(", generated, StringComparison.Ordinal);
        AssertMatchesBaseline("WordCounts.g.cs.txt", generated);
    }

    [Fact]
    public void TimedTrades_Timestamps_MatchesBaselineAndCompilesCleanly()
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(Jobs.Types, Jobs.TimedTrades);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.Failures);
        string generated = Assert.Single(result.Generated);
        Assert.Contains("HashExchangeOutput<global::HyperFlow.Timestamped<global::Sample.Notional>>", generated, StringComparison.Ordinal);
        Assert.Contains("ExchangeInputChainTask<global::HyperFlow.Timestamped<global::Sample.Notional>>", generated, StringComparison.Ordinal);
        Assert.Contains("new global::HyperFlow.BoundedOutOfOrdernessWatermarks<global::Sample.Tick>(2000), idleTimeoutMs: 30000", generated, StringComparison.Ordinal);
        Assert.Contains("plan.CreateTimestampedSinkOutput<", generated, StringComparison.Ordinal);
        AssertMatchesBaseline("TimedTrades.g.cs.txt", generated);
    }

    [Fact]
    public void CustomWatermarks_TimestampsThroughFlatMapAndRebalance_MatchesBaselineAndCompilesCleanly()
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(Jobs.CustomWatermarks);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.Failures);
        string generated = Assert.Single(result.Generated);
        Assert.Contains("UseWatermarks<global::Sample.Line, global::Sample.CustomWatermarks.WholeSeconds>(1, new global::Sample.CustomWatermarks.WholeSeconds(), idleTimeoutMs: 0)", generated, StringComparison.Ordinal);
        Assert.Contains("RebalanceOutput<global::HyperFlow.Timestamped<string>>", generated, StringComparison.Ordinal);
        AssertMatchesBaseline("CustomWatermarks.g.cs.txt", generated);
    }

    [Fact]
    public void LargeTrades_WithoutTimestamps_CarriesNoTimestamps()
    {
        string generated = Assert.Single(GeneratorHarness.Run(Jobs.Types, Jobs.LargeTrades).Generated);

        // Streams without timestamps keep the bare records in their rings and do no per-record time work.
        Assert.DoesNotContain("Timestamped", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("watermarks", generated, StringComparison.Ordinal);
        Assert.DoesNotContain(" ts", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void JobInGlobalNamespace_GeneratesWithoutNamespaceBlock()
    {
        string job = Jobs.LargeTrades.Replace("namespace Sample;", "using Sample;", StringComparison.Ordinal);
        GeneratorHarness.Result result = GeneratorHarness.Run(Jobs.Types, job);

        Assert.Empty(result.Failures);
        Assert.DoesNotContain("namespace", Assert.Single(result.Generated), StringComparison.Ordinal);
    }

    [Fact]
    public void Generation_IsDeterministic()
    {
        string first = Assert.Single(GeneratorHarness.Run(Jobs.Types, Jobs.LargeTrades).Generated);
        string second = Assert.Single(GeneratorHarness.Run(Jobs.Types, Jobs.LargeTrades).Generated);
        Assert.Equal(first, second);
    }

    internal static void AssertMatchesBaseline(string name, string actual)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Baselines", name);
        if (Environment.GetEnvironmentVariable("HYPERFLOW_UPDATE_BASELINES") == "1")
        {
            string source = Path.Combine(SourceDirectory(), "Baselines", name);
            File.WriteAllText(source, actual);
            return;
        }

        Assert.True(File.Exists(path), $"Baseline {name} is missing; run with HYPERFLOW_UPDATE_BASELINES=1 to create it.");
        Assert.Equal(File.ReadAllText(path), actual);
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string file = "")
        => Path.GetDirectoryName(file)!;
}
