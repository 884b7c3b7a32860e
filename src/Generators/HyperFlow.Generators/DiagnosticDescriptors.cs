using System;
using Microsoft.CodeAnalysis;

namespace HyperFlow.Generators
{
    /// <summary>
    /// HyperFlow's compile-time diagnostics. IDs are stable and sequential; each message says what to
    /// change. New IDs go into AnalyzerReleases.Unshipped.md.
    /// </summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "HyperFlow";

        public static readonly DiagnosticDescriptor JobNotPartial = new(
            "HF0001",
            "Job class must be static partial",
            "Job class '{0}' must be declared 'static partial' so that HyperFlow can add its generated Definition; add the missing modifier",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor PipelineNotUnderstood = new(
            "HF0002",
            "Pipeline declaration not understood",
            "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor OperatorAttributeMissing = new(
            "HF0003",
            "Operator method lacks its attribute",
            "Method '{0}' is used as a {1} operator but is not marked [{1}]; add [{1}] to the method",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor OperatorNotStatic = new(
            "HF0004",
            "Operator method must be static",
            "Operator method '{0}' must be static so that the fused chain can call it directly; make it static",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor KeyTypeNotStable = new(
            "HF0005",
            "Key type has no stable hash",
            "Key type '{0}' returned by '{1}' has no stable hash; key by long, ulong, int, string or Guid (or a value derived from them)",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor DuplicateUid = new(
            "HF0006",
            "Duplicate operator uid",
            "Operator uid '{0}' is used more than once in job '{1}'; give each operator a unique Uid",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor JobNested = new(
            "HF0007",
            "Job class must be a top-level class",
            "Job class '{0}' is nested in another type or generic; declare it as a non-generic top-level class",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor UnusedOperator = new(
            "HF0008",
            "Operator is not used by the pipeline",
            "Method '{0}' is marked [{1}] but the [Pipeline] method does not use it; add it to the pipeline or remove the attribute",
            Category,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor WrongSignature = new(
            "HF0009",
            "Operator method has the wrong signature",
            "Method '{0}' is marked [{1}] but its signature does not fit; a [{1}] method looks like '{2}'",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor JobNameEmpty = new(
            "HF0010",
            "Job name is empty",
            "Job class '{0}' has an empty name; give [Job(\"...\")] the name that logs, metrics and checkpoints will use",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor TimeArgumentNotConstant = new(
            "HF0011",
            "Time argument must be a constant",
            "Argument '{0}' of 'Timestamps' must be a compile-time constant, because HyperFlow reads it at build time; write a literal or a const, such as {0}: 2000",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor TimeArgumentNegative = new(
            "HF0012",
            "Time argument must not be negative",
            "Argument '{0}' of 'Timestamps' is {1}; it must be 0 or more ({2})",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor TimestampsMisplaced = new(
            "HF0013",
            "Timestamps must be declared once, in the source's chain",
            "'Timestamps' {0}; declare timestamps once, between From and the first KeyBy, Rebalance, Broadcast or Forward, so that watermarks are generated per source partition",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static DiagnosticDescriptor ById(string id) => id switch
        {
            "HF0001" => JobNotPartial,
            "HF0002" => PipelineNotUnderstood,
            "HF0003" => OperatorAttributeMissing,
            "HF0004" => OperatorNotStatic,
            "HF0005" => KeyTypeNotStable,
            "HF0006" => DuplicateUid,
            "HF0007" => JobNested,
            "HF0008" => UnusedOperator,
            "HF0009" => WrongSignature,
            "HF0010" => JobNameEmpty,
            "HF0011" => TimeArgumentNotConstant,
            "HF0012" => TimeArgumentNegative,
            "HF0013" => TimestampsMisplaced,
            _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Unknown HyperFlow diagnostic id."),
        };
    }
}
