using HyperFlow.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HyperFlow.Generators
{
    /// <summary>
    /// The HyperFlow incremental generator: for each class marked <c>[Job]</c>, parses its pipeline into
    /// an equatable model, plans the fused chains and emits them. Diagnostics are reported from their own
    /// output so that the code output stays cached while only diagnostics change.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class JobGenerator : IIncrementalGenerator
    {
        /// <summary>The tracking name of the parse step, for incrementality tests.</summary>
        public const string ParseStep = "HyperFlow.Parse";

        /// <summary>The tracking name of the diagnostics step.</summary>
        public const string DiagnosticsStep = "HyperFlow.Diagnostics";

        /// <summary>The tracking name of the step that feeds code emission.</summary>
        public const string ModelStep = "HyperFlow.Model";

        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<JobModel> jobs = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    "HyperFlow.JobAttribute",
                    static (node, _) => node is ClassDeclarationSyntax,
                    Parser.Parse)
                .WithTrackingName(ParseStep);

            // Diagnostics are re-anchored in the current compilation's syntax trees, so that
            // '#pragma warning disable HFxxxx' applies to them; only jobs with errors pay for that.
            IncrementalValuesProvider<(EquatableArray<DiagnosticInfo> Left, Compilation Right)> diagnostics = jobs
                .Select(static (job, _) => job.Diagnostics)
                .Where(static list => list.Count > 0)
                .WithTrackingName(DiagnosticsStep)
                .Combine(context.CompilationProvider);
            context.RegisterSourceOutput(diagnostics, static (spc, pair) =>
            {
                foreach (DiagnosticInfo diagnostic in pair.Left)
                {
                    spc.ReportDiagnostic(diagnostic.ToDiagnostic(pair.Right));
                }
            });

            IncrementalValuesProvider<JobModel> valid = jobs
                .Where(static job => job.Stages.Count > 0)
                .Select(static (job, _) => job with { Diagnostics = default })
                .WithTrackingName(ModelStep);
            context.RegisterSourceOutput(valid, static (spc, job) =>
            {
                // Hint names are file names: no '@' from escaped keywords.
                string hint = ((job.Namespace.Length > 0 ? job.Namespace + "." : string.Empty) + job.ClassName).Replace("@", string.Empty) + ".HyperFlow.g.cs";
                spc.AddSource(hint, Emitter.Emit(job));
            });
        }
    }
}
