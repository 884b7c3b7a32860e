using System.Collections.Immutable;
using HyperFlow.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HyperFlow.Generators.Tests;

/// <summary>Compiles C# source with the HyperFlow generator, against the real runtime assemblies.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path)),
        MetadataReference.CreateFromFile(typeof(JobAttribute).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(HyperFlow.Storage.Keys.KeyHash).Assembly.Location),
    ]);

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public static CSharpCompilation Compilation(params string[] sources)
        => CSharpCompilation.Create(
            "TestJobs",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Job{i}.cs")),
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver Driver(bool trackSteps = false)
        => CSharpGeneratorDriver.Create(
            [new JobGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator; returns generated sources, the generator's diagnostics and the final compilation's.</summary>
    public static Result Run(params string[] sources)
    {
        CSharpCompilation input = Compilation(sources);
        Driver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        return new Result(
            [.. output.SyntaxTrees.Skip(sources.Length).Select(t => t.ToString())],
            generatorDiagnostics,
            output.GetDiagnostics());
    }

    /// <summary>The compilation with the generated code added, ready to emit.</summary>
    public static Compilation Output(params string[] sources)
    {
        Driver().RunGeneratorsAndUpdateCompilation(Compilation(sources), out Compilation output, out _);
        return output;
    }

    internal sealed record Result(string[] Generated, ImmutableArray<Diagnostic> GeneratorDiagnostics, ImmutableArray<Diagnostic> CompilationDiagnostics)
    {
        /// <summary>Diagnostics that would fail a build (errors, and warnings since the repo treats them as errors).</summary>
        public IEnumerable<Diagnostic> Failures => CompilationDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning && !d.IsSuppressed);
    }
}
