using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using HyperFlow.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HyperFlow.Generators
{
    /// <summary>
    /// Reads a <c>[Job]</c> class into a <see cref="JobModel"/>: finds its <c>[Pipeline]</c> method,
    /// walks the fluent chain in its body from <c>From</c> to <c>To</c>, and resolves each method group to
    /// the operator it names. Symbols are used here only; the model holds strings.
    /// </summary>
    internal static partial class Parser
    {
        private const string Ns = "HyperFlow.";
        private const string PipelineAttribute = Ns + "PipelineAttribute";

        // Keep '?' on nullable reference types: the generated file has nullable annotations enabled.
        private static readonly SymbolDisplayFormat s_short = SymbolDisplayFormat.MinimallyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        private static readonly SymbolDisplayFormat s_full = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        public static JobModel Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var type = (INamedTypeSymbol)context.TargetSymbol;
            var syntax = (ClassDeclarationSyntax)context.TargetNode;
            string ns = type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString();
            string jobName = context.Attributes[0].ConstructorArguments.FirstOrDefault().Value as string ?? type.Name;
            var diagnostics = new List<DiagnosticInfo>();

            if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword) || !type.IsStatic)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.JobNotPartial, syntax.Identifier.GetLocation(), type.Name));
            }

            if (type.ContainingType is not null || type.IsGenericType)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.JobNested, syntax.Identifier.GetLocation(), type.Name));
            }

            if (string.IsNullOrWhiteSpace(jobName))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.JobNameEmpty, context.Attributes[0].ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation(), type.Name));
            }

            CheckOperatorSignatures(type, diagnostics);
            CheckProcessMethodsInJob(type, diagnostics);
            bool complete = false;
            List<StageModel> stages = diagnostics.Count == 0
                ? ParsePipeline(type, syntax, context.SemanticModel.Compilation, diagnostics, out complete, cancellationToken)
                : new List<StageModel>();
            if (!complete)
            {
                // A pipeline the compiler could not bind (its own error says why) generates nothing.
                stages.Clear();
            }
            else if (diagnostics.Count == 0)
            {
                // Only a pipeline that parsed completely tells which operators it does not use.
                ReportUnusedOperators(type, stages, diagnostics);
            }

            var seen = new HashSet<string>();
            foreach (StageModel stage in stages)
            {
                // A partition is an exchange, not an operator: it has no state and no uid of its own (nor has the start of a side output's stream).
                if (stage.Kind is not (StageKind.Partition or StageKind.SideOutput) && !seen.Add(stage.Uid))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateUid, syntax.Identifier.GetLocation(), stage.Uid, jobName));
                }
            }

            bool failed = diagnostics.Any(d => DiagnosticDescriptors.ById(d.Id).DefaultSeverity == DiagnosticSeverity.Error);
            return new JobModel(
                ns,
                type.Name,
                jobName,
                new EquatableArray<StageModel>(failed ? Enumerable.Empty<StageModel>() : stages),
                new EquatableArray<DiagnosticInfo>(diagnostics));
        }

        private static readonly string[] s_operatorKinds = { "Map", "Filter", "FlatMap", "KeyBy", "Aggregate", "Reduce", "Timestamp", "Merge", "ProcessWindow", "SessionGap" };

        private static string? OperatorKind(IMethodSymbol method)
            => method.GetAttributes()
                .Select(a => a.AttributeClass?.ToDisplayString())
                .Where(n => n is not null && n.StartsWith(Ns, System.StringComparison.Ordinal) && n.EndsWith("Attribute", System.StringComparison.Ordinal))
                .Select(n => n!.Substring(Ns.Length, n.Length - Ns.Length - "Attribute".Length))
                .FirstOrDefault(k => s_operatorKinds.Contains(k));

        private static void CheckOperatorSignatures(INamedTypeSymbol type, List<DiagnosticInfo> diagnostics)
        {
            foreach (IMethodSymbol method in type.GetMembers().OfType<IMethodSymbol>())
            {
                string? kind = OperatorKind(method);
                if (kind is null)
                {
                    continue;
                }

                ImmutableArray<IParameterSymbol> ps = method.Parameters;
                bool ok = kind switch
                {
                    "Map" => ps.Length == 1 && !method.ReturnsVoid,
                    "Filter" => ps.Length == 1 && method.ReturnType.SpecialType == SpecialType.System_Boolean,
                    "KeyBy" => ps.Length == 1 && !method.ReturnsVoid,
                    "FlatMap" => ps.Length == 2 && method.ReturnsVoid && ps[1].Type is INamedTypeSymbol { Name: "Collector", TypeArguments.Length: 1 },
                    "Aggregate" => ps.Length == 2 && method.ReturnsVoid && ps[0].RefKind == RefKind.Ref,
                    "Timestamp" or "SessionGap" => ps.Length == 1 && method.ReturnType.SpecialType == SpecialType.System_Int64,
                    "ProcessWindow" => ps.Length == 4 && method.ReturnsVoid && ps[1].Type.Name == "WindowContext"
                        && ps[2].Type is INamedTypeSymbol { Name: "ReadOnlySpan", TypeArguments.Length: 1 } && ps[3].Type is INamedTypeSymbol { Name: "Collector", TypeArguments.Length: 1 },
                    _ => ps.Length == 2 && SymbolEqualityComparer.Default.Equals(method.ReturnType, ps[0].Type) && SymbolEqualityComparer.Default.Equals(ps[0].Type, ps[1].Type),
                };
                if (!ok)
                {
                    string shape = kind switch
                    {
                        "Map" => "static TOut M(in TIn value)",
                        "Filter" => "static bool M(in T value)",
                        "KeyBy" => "static TKey M(in T value)",
                        "FlatMap" => "static void M(in TIn value, Collector<TOut> output)",
                        "Aggregate" => "static void M(ref TAcc accumulator, in T value)",
                        "Timestamp" or "SessionGap" => "static long M(in T value)",
                        "Merge" => "static TAcc M(in TAcc left, in TAcc right)",
                        "ProcessWindow" => "static void M(in TKey key, in WindowContext context, ReadOnlySpan<T> elements, Collector<TOut> output)",
                        _ => "static T M(in T accumulator, in T value)",
                    };
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongSignature, method.Locations.FirstOrDefault(), $"{type.Name}.{method.Name}", kind, shape));
                }
            }
        }

        private static void ReportUnusedOperators(INamedTypeSymbol type, List<StageModel> stages, List<DiagnosticInfo> diagnostics)
        {
            if (stages.Count == 0)
            {
                return;
            }

            var used = new HashSet<string>(stages.Select(s => s.Call).Concat(stages.Select(s => s.KeyCall)).Concat(stages.SelectMany(WindowCalls)));
            foreach (IMethodSymbol method in type.GetMembers().OfType<IMethodSymbol>())
            {
                string? kind = OperatorKind(method);
                if (kind is not null && !used.Contains($"{Full(type)}.{Escape(method.Name)}"))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnusedOperator, method.Locations.FirstOrDefault(), $"{type.Name}.{method.Name}", kind));
                }
            }
        }

        private static List<StageModel> ParsePipeline(
            INamedTypeSymbol type,
            ClassDeclarationSyntax classSyntax,
            Compilation compilation,
            List<DiagnosticInfo> diagnostics,
            out bool complete,
            CancellationToken cancellationToken)
        {
            complete = false;
            var stages = new List<StageModel>();
            IMethodSymbol[] pipelines = type.GetMembers().OfType<IMethodSymbol>()
                .Where(m => m.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == PipelineAttribute))
                .ToArray();
            if (pipelines.Length != 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.PipelineNotUnderstood,
                    classSyntax.Identifier.GetLocation(),
                    $"Job class '{type.Name}' must have exactly one [Pipeline] method (found {pipelines.Length}); declare 'static void Define(IPipelineBuilder p) => p.From<T>(\"source\")...To(\"sink\");'"));
                return stages;
            }

            if (pipelines[0].DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not MethodDeclarationSyntax method)
            {
                return stages;
            }

            ExpressionSyntax? body = method.ExpressionBody?.Expression
                ?? (method.Body?.Statements.Count == 1 ? (method.Body.Statements[0] as ExpressionStatementSyntax)?.Expression : null);
            if (body is null)
            {
                Fail(diagnostics, method.Identifier.GetLocation(), $"The body of [Pipeline] method '{method.Identifier.Text}' must be one fluent expression: p.From<T>(\"source\")...To(\"sink\")");
                return stages;
            }

            // The chain nests outward: To(... Map(From(p))). Unwind it into declaration order.
            var calls = new List<InvocationExpressionSyntax>();
            ExpressionSyntax current = body;
            while (current is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation)
            {
                calls.Add(invocation);
                current = access.Expression;
            }

            calls.Reverse();
            SemanticModel model = compilation.GetSemanticModel(method.SyntaxTree);
            foreach (InvocationExpressionSyntax call in calls)
            {
                cancellationToken.ThrowIfCancellationRequested();
                StageModel? stage = ParseStage(call, model, stages.Count == 0 ? null : stages[stages.Count - 1], stages, diagnostics, cancellationToken);
                if (stage is null)
                {
                    return stages;
                }

                // A window's options and its function complete the open window stage they follow.
                int open = stages.FindLastIndex(s => s.Window is { IsOpen: true });
                if (open >= 0 && stage.Kind == StageKind.Window)
                {
                    stages[open] = stage;
                }
                else
                {
                    stages.Add(stage);
                }
            }

            if (stages.Count == 0 || stages[0].Kind != StageKind.Source || stages[stages.Count - 1].Kind != StageKind.Sink)
            {
                Fail(diagnostics, body.GetLocation(), "A pipeline must start with p.From<T>(\"source\") and end with .To(\"sink\")");
                return stages;
            }

            LayOutSideOutputs(stages);
            ExpandLateStages(stages);
            AssignDefaultUids(stages);
            complete = true;
            return stages;
        }

        private static StageModel? ParseStage(
            InvocationExpressionSyntax call,
            SemanticModel model,
            StageModel? previous,
            List<StageModel> stages,
            List<DiagnosticInfo> diagnostics,
            CancellationToken cancellationToken)
        {
            var access = (MemberAccessExpressionSyntax)call.Expression;
            string verb = access.Name.Identifier.Text;
            SymbolInfo info = model.GetSymbolInfo(call, cancellationToken);
            if (info.Symbol is null && info.CandidateReason != CandidateReason.None)
            {
                // The compiler reports this call's error itself (e.g. a type argument it cannot infer):
                // one clear error is better than two.
                return null;
            }

            if (info.Symbol is not IMethodSymbol invoked
                || invoked.ContainingType.ContainingNamespace.ToDisplayString() != "HyperFlow")
            {
                if (ReportProcessWithoutKeyBy(verb, access, model, diagnostics, cancellationToken))
                {
                    return null;
                }

                Fail(diagnostics, call.GetLocation(), $"'{verb}' is not a HyperFlow pipeline call; use From, Timestamps, Map, Filter, FlatMap, KeyBy, Aggregate, Reduce, Rebalance, Broadcast, Forward and To");
                return null;
            }

            if (ReportFileLocalTypes(invoked, call, diagnostics))
            {
                return null;
            }

            if (verb == "Process" && invoked.ContainingType.Name == "IKeyedStream")
            {
                return ProcessStage(call, access, invoked, model, stages, diagnostics, cancellationToken);
            }

            if (verb == "SideOutput" && previous is not null)
            {
                return SideOutputStage(call, access, invoked, model, previous, stages, diagnostics, cancellationToken);
            }

            if (IsWindowCall(invoked))
            {
                return WindowStage(call, access, invoked, model, stages, diagnostics, cancellationToken);
            }

            if (verb is "Rebalance" or "Broadcast" or "Forward")
            {
                if (previous?.Kind == StageKind.Partition)
                {
                    Fail(diagnostics, call.GetLocation(), $"'{verb}' directly follows another exchange; keep only one of them");
                    return null;
                }

                // A partition: not an operator, but the kind of exchange into the next chain.
                return previous is null ? null : new StageModel(StageKind.Partition, verb, verb, string.Empty, previous.OutType, previous.OutType, previous.OutDisplay, previous.OutDisplay, string.Empty, string.Empty, string.Empty);
            }

            ExpressionSyntax argument = call.ArgumentList.Arguments[0].Expression;
            switch (verb)
            {
                case "From":
                {
                    string? name = NameArgument(argument, model, diagnostics, "source", cancellationToken);
                    ITypeSymbol t = invoked.TypeArguments[0];
                    return name is null ? null : new StageModel(StageKind.Source, name, name, string.Empty, string.Empty, Full(t), string.Empty, Short(t), string.Empty, string.Empty, string.Empty);
                }

                case "To":
                {
                    string? name = NameArgument(argument, model, diagnostics, "sink", cancellationToken);
                    return name is null || previous is null ? null : new StageModel(StageKind.Sink, name, name, string.Empty, previous.OutType, previous.OutType, previous.OutDisplay, previous.OutDisplay, string.Empty, string.Empty, string.Empty);
                }

                case "Map":
                case "Filter":
                case "FlatMap":
                case "KeyBy":
                case "Aggregate":
                case "Reduce":
                {
                    IMethodSymbol? target = model.GetSymbolInfo(argument, cancellationToken).Symbol as IMethodSymbol;
                    if (target is null || target.MethodKind != MethodKind.Ordinary || previous is null)
                    {
                        Fail(diagnostics, argument.GetLocation(), $"The argument of '{verb}' must name a method (a method group), such as {verb}(MyMethod)");
                        return null;
                    }

                    return OperatorStage(verb, invoked, target, argument.GetLocation(), stages, diagnostics);
                }

                case "Timestamps":
                    return TimestampStage(call, access, invoked, model, stages, diagnostics, cancellationToken);

                default:
                    Fail(diagnostics, call.GetLocation(), $"'{verb}' is not supported in a pipeline declaration yet; use From, Timestamps, Map, Filter, FlatMap, KeyBy, Aggregate, Reduce, Rebalance, Broadcast, Forward and To");
                    return null;
            }
        }

        /// <summary>Checks that a method used as a <paramref name="kind"/> operator carries its attribute and is static.</summary>
        /// <returns>The operator's explicit uid (empty when it has none), or null when it is not usable.</returns>
        private static string? OperatorUid(string kind, IMethodSymbol target, Location location, List<DiagnosticInfo> diagnostics)
        {
            string display = $"{target.ContainingType.Name}.{target.Name}";
            AttributeData? attribute = target.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == Ns + kind + "Attribute");
            if (attribute is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OperatorAttributeMissing, location, display, kind));
                return null;
            }

            if (!target.IsStatic)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OperatorNotStatic, location, display));
                return null;
            }

            // An explicit uid is kept as written (a duplicate is HF0006); a default one is assigned once the
            // whole pipeline is known (see AssignDefaultUids), so it can avoid every other name.
            return attribute.NamedArguments.FirstOrDefault(a => a.Key == "Uid").Value.Value as string ?? string.Empty;
        }

        private static StageModel? OperatorStage(string verb, IMethodSymbol invoked, IMethodSymbol target, Location location, List<StageModel> stages, List<DiagnosticInfo> diagnostics)
        {
            string display = $"{target.ContainingType.Name}.{target.Name}";
            string? uid = OperatorUid(verb, target, location, diagnostics);
            if (uid is null)
            {
                return null;
            }

            string call = $"{Full(target.ContainingType)}.{Escape(target.Name)}";

            // Types come from the pipeline call, not from the method: a method may return a subtype of
            // what the call declares (Map<object>(ReturnsString)), and the stream carries the declared type.
            ITypeSymbol element = invoked.ContainingType.TypeArguments[invoked.ContainingType.TypeArguments.Length - 1];
            string @in = Full(element);
            string inShort = Short(element);
            switch (verb)
            {
                case "Map":
                case "FlatMap":
                {
                    ITypeSymbol output = invoked.TypeArguments[0];
                    return new StageModel(verb == "Map" ? StageKind.Map : StageKind.FlatMap, uid, display, call, @in, Full(output), inShort, Short(output), string.Empty, string.Empty, string.Empty);
                }

                case "Filter":
                    return new StageModel(StageKind.Filter, uid, display, call, @in, @in, inShort, inShort, string.Empty, string.Empty, string.Empty);
                case "Reduce":
                {
                    // Keyed by the key-by just before it, as an aggregate; its state holds the event type.
                    StageModel keyBy = stages[stages.Count - 1];
                    return new StageModel(StageKind.Reduce, uid, display, call, @in, @in, inShort, inShort, keyBy.KeyType, @in, keyBy.Call);
                }

                case "KeyBy":
                {
                    ITypeSymbol key = invoked.TypeArguments[0];
                    if (!HasStableHash(key))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.KeyTypeNotStable, location, Short(key), display));
                        return null;
                    }

                    return new StageModel(StageKind.KeyBy, uid, display, call, @in, @in, inShort, inShort, Full(key), string.Empty, string.Empty);
                }

                default:
                {
                    // Aggregate: keyed by the key-by just before it (the type system guarantees there is one).
                    StageModel keyBy = stages[stages.Count - 1];
                    ITypeSymbol acc = invoked.TypeArguments[0];
                    string outType = $"global::HyperFlow.KeyedValue<{keyBy.KeyType}, {Full(acc)}>";
                    string outDisplay = $"KeyedValue<{keyBy.KeyType}, {Short(acc)}>";
                    return new StageModel(StageKind.Aggregate, uid, display, call, @in, outType, inShort, outDisplay, keyBy.KeyType, Full(acc), keyBy.Call);
                }
            }
        }

        /// <summary>An identifier as C# source: a keyword gets its '@' (a method named 'event' is called as '@event').</summary>
        internal static string Escape(string identifier)
            => SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier;

        // Default uid: the method name, numbered (Name-2, Name-3, ...) when that name is already taken by
        // an explicit uid, a source, a sink or an earlier use of the same method.
        private static void AssignDefaultUids(List<StageModel> stages)
        {
            var taken = new HashSet<string>(stages.Where(s => s.Kind != StageKind.Partition && s.Uid.Length > 0).Select(s => s.Uid));
            for (int i = 0; i < stages.Count; i++)
            {
                if (stages[i].Kind is StageKind.Partition or StageKind.SideOutput || stages[i].Uid.Length > 0)
                {
                    continue;
                }

                string name = stages[i].Display.Substring(stages[i].Display.LastIndexOf('.') + 1);
                string uid = name;
                for (int n = 2; taken.Contains(uid); n++)
                {
                    uid = name + "-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                taken.Add(uid);
                stages[i] = stages[i] with { Uid = uid };
            }
        }

        private static bool HasStableHash(ITypeSymbol type)
            => type.SpecialType is SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Int32 or SpecialType.System_String
               || type.ToDisplayString() == "System.Guid";

        private static string? NameArgument(ExpressionSyntax argument, SemanticModel model, List<DiagnosticInfo> diagnostics, string what, CancellationToken cancellationToken)
        {
            if (model.GetConstantValue(argument, cancellationToken) is { HasValue: true, Value: string name } && name.Length > 0)
            {
                return name;
            }

            Fail(diagnostics, argument.GetLocation(), $"The {what} name must be a non-empty constant string, such as \"trades\"");
            return null;
        }

        private static void Fail(List<DiagnosticInfo> diagnostics, Location location, string message)
            => diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PipelineNotUnderstood, location, message));

        private static string Full(ITypeSymbol type) => type.ToDisplayString(s_full);

        private static string Short(ITypeSymbol type) => type.ToDisplayString(s_short);
    }
}
