using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HyperFlow.Generators.Tests;

/// <summary>A job with a process function and side outputs caches like any other, and regenerates when its function changes.</summary>
public class ProcessIncrementalityTests
{
    [Fact]
    public void UnrelatedEdit_JobWithProcessFunction_LeavesParseAndModelStepsCached()
    {
        IncrementalityTests.AssertUnrelatedEditLeavesStepsCached(ProcessJobs.Types, ProcessJobs.IdleSums);
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
