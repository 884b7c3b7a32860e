using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HyperFlow.Generators.Tests.Windows;

/// <summary>The window model is equatable like the rest: an unrelated edit keeps the steps cached, a window constant regenerates.</summary>
public class WindowIncrementalityTests
{
    [Theory]
    [InlineData(nameof(WindowJobs.TumblingTotals))]
    [InlineData(nameof(WindowJobs.Sessions))]
    public void UnrelatedEdit_WindowedJob_LeavesParseAndModelStepsCached(string name)
    {
        string job = (string)typeof(WindowJobs).GetField(name)!.GetValue(null)!;
        IncrementalityTests.AssertUnrelatedEditLeavesStepsCached(Jobs.Types, WindowJobs.Ticks, job);
    }

    [Fact]
    public void EditToWindowSize_RegeneratesCode()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(Jobs.Types, WindowJobs.Ticks, WindowJobs.TumblingTotals);
        GeneratorDriver driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);

        SyntaxTree old = compilation.SyntaxTrees.ElementAt(2);
        SyntaxTree changed = CSharpSyntaxTree.ParseText(
            WindowJobs.TumblingTotals.Replace("TimeSpan.FromMinutes(1)", "TimeSpan.FromMinutes(2)", StringComparison.Ordinal), GeneratorHarness.ParseOptions, path: old.FilePath);
        GeneratorRunResult run = driver.RunGenerators(compilation.ReplaceSyntaxTree(old, changed)).GetRunResult().Results.Single();

        Assert.Contains(run.TrackedSteps[JobGenerator.ModelStep].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("TumblingWindows.OfMilliseconds(120000, 0)", run.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }
}
