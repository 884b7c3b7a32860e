using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace HyperFlow.Generators.Tests;

/// <summary>Compiles job sources with the generator into an in-memory assembly and loads their definitions, once per source.</summary>
internal static class CompiledJobs
{
    private static readonly ConcurrentDictionary<string, JobDefinition> s_compiled = new();

    /// <summary>The <c>Definition</c> of job class <paramref name="typeName"/> in <paramref name="source"/>; asserts it compiles cleanly.</summary>
    public static JobDefinition Load(string source, string typeName)
        => s_compiled.GetOrAdd(source, _ =>
        {
            GeneratorHarness.Result result = GeneratorHarness.Run(source);
            Assert.Empty(result.GeneratorDiagnostics);
            Assert.Empty(result.Failures);
            using var stream = new MemoryStream();
            Microsoft.CodeAnalysis.Emit.EmitResult emitted = GeneratorHarness.Output(source).Emit(stream);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
            Assembly assembly = Assembly.Load(stream.ToArray());
            return (JobDefinition)assembly.GetType(typeName)!.GetProperty("Definition")!.GetValue(null)!;
        });
}
