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
        CSharpCompilation compilation = GeneratorHarness.Compilation(Jobs.Types, WindowJobs.Ticks, job);
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
