using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HyperFlow.Generators.Tests;

/// <summary>A job with a process function and side outputs caches like any other, and regenerates when its function changes.</summary>
public class ProcessIncrementalityTests
{
    [Fact]
    public void UnrelatedEdit_JobWithProcessFunction_LeavesParseAndModelStepsCached()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(ProcessJobs.Types, ProcessJobs.IdleSums);
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
    public void RemovingTheTimerMethod_RegeneratesWithoutTimers()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(ProcessJobs.Types, ProcessJobs.IdleSums);
        GeneratorDriver driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);

        SyntaxTree old = compilation.SyntaxTrees.ElementAt(1);
        SyntaxTree changed = CSharpSyntaxTree.ParseText(
            ProcessJobs.IdleSums
                .Replace("[OnTimer]", string.Empty, StringComparison.Ordinal)
                .Replace("context.RegisterEventTimeTimer(deadline);", string.Empty, StringComparison.Ordinal),
            GeneratorHarness.ParseOptions,
            path: old.FilePath);
        GeneratorRunResult run = driver.RunGenerators(compilation.ReplaceSyntaxTree(old, changed)).GetRunResult().Results.Single();

        Assert.Contains(run.TrackedSteps[JobGenerator.ModelStep].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        string generated = run.GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("hasTimers: false", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("OnTimer", generated, StringComparison.Ordinal);
    }
}
