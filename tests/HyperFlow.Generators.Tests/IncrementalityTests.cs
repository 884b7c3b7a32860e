using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HyperFlow.Generators.Tests;

public class IncrementalityTests
{
    [Fact]
    public void UnrelatedEdit_LeavesParseAndModelStepsCached()
    {
        IncrementalityTests.AssertUnrelatedEditLeavesStepsCached(Jobs.Types, Jobs.LargeTrades);
    }

    [Fact]
    public void UnrelatedEdit_JobWithTimestamps_LeavesParseAndModelStepsCached()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(Jobs.Types, Jobs.TimedTrades);
        GeneratorDriver driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);

        CSharpCompilation edited = compilation.AddSyntaxTrees(
            CSharpSyntaxTree.ParseText("namespace Sample; public static class Unrelated { public static int Two => 2; }", GeneratorHarness.ParseOptions));
        GeneratorRunResult run = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var outputs = run.TrackedSteps[JobGenerator.ModelStep].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.True(
            o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
            $"the model step re-ran with reason {o.Reason}"));
    }

    [Fact]
    public void EditToTimeConstant_RegeneratesCode()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(Jobs.Types, Jobs.TimedTrades);
        GeneratorDriver driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);

        SyntaxTree old = compilation.SyntaxTrees.ElementAt(1);
        SyntaxTree changed = CSharpSyntaxTree.ParseText(
            Jobs.TimedTrades.Replace("maxOutOfOrderMs: 2_000", "maxOutOfOrderMs: 3_000", StringComparison.Ordinal), GeneratorHarness.ParseOptions, path: old.FilePath);
        GeneratorRunResult run = driver.RunGenerators(compilation.ReplaceSyntaxTree(old, changed)).GetRunResult().Results.Single();

        Assert.Contains(run.TrackedSteps[JobGenerator.ModelStep].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("BoundedOutOfOrdernessWatermarks<global::Sample.Tick>(3000)", run.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EditToOperator_RegeneratesCode()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(Jobs.Types, Jobs.LargeTrades);
        GeneratorDriver driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);

        SyntaxTree old = compilation.SyntaxTrees.ElementAt(1);
        SyntaxTree changed = CSharpSyntaxTree.ParseText(
            Jobs.LargeTrades.Replace("Uid = \"totals-by-account\"", "Uid = \"sums\"", StringComparison.Ordinal), GeneratorHarness.ParseOptions, path: old.FilePath);
        GeneratorRunResult run = driver.RunGenerators(compilation.ReplaceSyntaxTree(old, changed)).GetRunResult().Results.Single();

        Assert.Contains(run.TrackedSteps[JobGenerator.ModelStep].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("\"sums\"", run.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Runs the generator on the sources, adds an unrelated file, and checks the parse and model steps did not run again.</summary>
    internal static void AssertUnrelatedEditLeavesStepsCached(params string[] sources)
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(sources);
        GeneratorDriver driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);

        CSharpCompilation edited = compilation.AddSyntaxTrees(
            CSharpSyntaxTree.ParseText("namespace Sample; public static class Unrelated { public static int Two => 2; }", GeneratorHarness.ParseOptions));
        GeneratorRunResult run = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (string step in new[] { JobGenerator.ParseStep, JobGenerator.ModelStep })
        {
            var outputs = run.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(
                o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"step {step} re-ran with reason {o.Reason}"));
        }
    }
}
