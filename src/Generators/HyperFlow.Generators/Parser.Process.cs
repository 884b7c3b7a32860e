using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using HyperFlow.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HyperFlow.Generators
{
    /// <summary>
    /// Parsing of keyed process functions, <c>.KeyBy(...).Process&lt;TFunction, TOut&gt;()</c>: the function
    /// class is read for its [Process] and [OnTimer] methods, its constructor and the side outputs its
    /// code emits to, and checked against the keyed stream it processes.
    /// </summary>
    internal static partial class Parser
    {
        private const string ProcessAttributeName = Ns + "ProcessAttribute";
        private const string OnTimerAttributeName = Ns + "OnTimerAttribute";

        private static StageModel? ProcessStage(
            InvocationExpressionSyntax call,
            MemberAccessExpressionSyntax access,
            IMethodSymbol invoked,
            SemanticModel model,
            List<StageModel> stages,
            List<DiagnosticInfo> diagnostics,
            CancellationToken cancellationToken)
        {
            ITypeSymbol key = invoked.ContainingType.TypeArguments[0];
            ITypeSymbol element = invoked.ContainingType.TypeArguments[1];
            ITypeSymbol function = invoked.TypeArguments[0];
            ITypeSymbol output = invoked.TypeArguments[1];
            Location where = access.Name is GenericNameSyntax generic ? generic.TypeArgumentList.Arguments[0].GetLocation() : access.Name.GetLocation();
            INamedTypeSymbol job = model.GetEnclosingSymbol(call.SpanStart, cancellationToken)!.ContainingType;
            var use = new ProcessUse(key, element, output, model.Compilation, job);
            if (!CreatableFunction(function, use, where, diagnostics, out INamedTypeSymbol? type, out bool takesStore))
            {
                return null;
            }

            IMethodSymbol? process = ProcessMethods(type!, use, where, diagnostics, out IMethodSymbol? timer);
            if (process is null)
            {
                return null;
            }

            string uid = process.GetAttributes().First(a => a.AttributeClass?.ToDisplayString() == ProcessAttributeName)
                .NamedArguments.FirstOrDefault(a => a.Key == "Uid").Value.Value as string ?? string.Empty;
            List<(IFieldSymbol Tag, Location Call)> emitted = EmittedTags(type!, model.Compilation, cancellationToken, out bool known);
            ReportUnreadSideOutputs(call, model, type!, emitted, diagnostics, cancellationToken);

            // Keyed by the key-by just before it (only a key-by makes a keyed stream).
            StageModel keyBy = stages[stages.Count - 1];
            var functionModel = new ProcessModel(
                Full(type!),
                Escape(process.Name),
                timer is null ? string.Empty : Escape(timer.Name),
                takesStore,
                new EquatableArray<string>(emitted.Select(e => TagField(e.Tag)).Distinct()),
                known);
            return new StageModel(
                StageKind.Process,
                uid,
                Short(type!),
                $"{Full(type!)}.{Escape(process.Name)}",
                Full(element),
                Full(output),
                Short(element),
                Short(output),
                keyBy.KeyType,
                string.Empty,
                keyBy.Call,
                Process: functionModel);
        }

        /// <summary>Reports [Process] and [OnTimer] methods of the job class itself: a process function is a class of its own.</summary>
        private static void CheckProcessMethodsInJob(INamedTypeSymbol job, List<DiagnosticInfo> diagnostics)
        {
            foreach (IMethodSymbol method in job.GetMembers().OfType<IMethodSymbol>())
            {
                string display = $"{job.Name}.{method.Name}";
                const string Move = "a process function is a class of its own, with instance methods, which the pipeline applies with .KeyBy(...).Process<TFunction, TOut>()";
                if (HasAttribute(method, ProcessAttributeName))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ProcessMethodSignature, method.Locations.FirstOrDefault(), display, "is in the job class; " + Move, "public void OnEvent(in T value, ProcessContext<TKey> context, Collector<TOut> output)"));
                }
                else if (HasAttribute(method, OnTimerAttributeName))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OnTimerWithoutProcess, method.Locations.FirstOrDefault(), display, "is in the job class, where no [Process] method can own it", "move it into the process function class whose timers it handles (" + Move + ")"));
                }
            }
        }

        /// <summary>A Process call on a stream that is not keyed (which the compiler rejects too, less helpfully).</summary>
        private static bool ReportProcessWithoutKeyBy(string verb, MemberAccessExpressionSyntax access, SemanticModel model, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            if (verb != "Process" || model.GetTypeInfo(access.Expression, cancellationToken).Type is not INamedTypeSymbol { Name: "IStream", TypeArguments.Length: 1 } stream)
            {
                return false;
            }

            string arguments = access.Name is GenericNameSyntax generic ? generic.TypeArgumentList.Arguments.ToString() : "TFunction, TOut";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ProcessWithoutKeyBy, access.Name.GetLocation(), Short(stream.TypeArguments[0]), arguments));
            return true;
        }

        private static bool CreatableFunction(ITypeSymbol function, ProcessUse use, Location where, List<DiagnosticInfo> diagnostics, out INamedTypeSymbol? type, out bool takesStore)
        {
            type = function as INamedTypeSymbol;
            takesStore = false;
            string display = Short(function);
            string problem;
            string fix;
            if (type is null || type.TypeKind != TypeKind.Class || type.IsAbstract)
            {
                problem = "is not a class the job can create an instance of";
                fix = "make it a non-abstract class (sealed, so that calls to it are direct)";
            }
            else if (!use.Compilation.IsSymbolAccessibleWithin(type, use.Job))
            {
                problem = $"is not accessible from job class '{use.Job.Name}'";
                fix = "make it internal or public";
            }
            else
            {
                IMethodSymbol[] constructors = type.InstanceConstructors.Where(c => use.Compilation.IsSymbolAccessibleWithin(c, use.Job)).ToArray();
                takesStore = constructors.Any(c => c.Parameters.Length == 1 && IsStore(c.Parameters[0].Type, use.Key));
                if (takesStore || constructors.Any(c => c.Parameters.Length == 0))
                {
                    return true;
                }

                problem = "has no constructor the job can call";
                fix = $"give it a public constructor that takes its state store, 'public {type.Name}(KeyedStateStore<{Short(use.Key)}> state)', and creates its state handles there (or a parameterless one)";
            }

            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ProcessFunctionNotCreatable, where, display, problem, fix));
            return false;
        }

        // The one [Process] method and the optional [OnTimer] one, with signatures that fit the stream.
        private static IMethodSymbol? ProcessMethods(INamedTypeSymbol type, ProcessUse use, Location where, List<DiagnosticInfo> diagnostics, out IMethodSymbol? timer)
        {
            timer = null;
            var methods = new List<IMethodSymbol>();
            for (INamedTypeSymbol? t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
            {
                methods.AddRange(t.GetMembers().OfType<IMethodSymbol>());
            }

            var processes = methods.Where(m => HasAttribute(m, ProcessAttributeName)).ToList();
            var timers = methods.Where(m => HasAttribute(m, OnTimerAttributeName)).ToList();
            string name = Short(type);
            string processShape = $"in {Short(use.Element)} value, ProcessContext<{Short(use.Key)}> context, Collector<{Short(use.Output)}> output";
            string timerShape = $"public void OnTimer(long time, TimerContext<{Short(use.Key)}> context, Collector<{Short(use.Output)}> output)";
            if (processes.Count == 0 && timers.Count > 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OnTimerWithoutProcess, timers[0].Locations.FirstOrDefault(), $"{name}.{timers[0].Name}", $"is in '{name}', which has no [Process] method", $"add '[Process] public void OnEvent({processShape})' to the class: its timers are registered while it processes events"));
                return null;
            }

            if (processes.Count != 1)
            {
                string found = processes.Count == 0 ? "has no [Process] method" : $"has {processes.Count} [Process] methods ({string.Join(", ", processes.Select(p => p.Name))})";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ProcessMethodMissing, processes.Count == 0 ? where : processes[1].Locations.FirstOrDefault(), name, found, processShape));
                return null;
            }

            if (timers.Count > 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OnTimerWithoutProcess, timers[1].Locations.FirstOrDefault(), $"{name}.{timers[1].Name}", $"is a second [OnTimer] method of '{name}' (after '{timers[0].Name}')", "keep one: it handles every timer of the function, and TimerContext.Domain and the time tell them apart"));
                return null;
            }

            IMethodSymbol process = processes[0];
            string? wrong = WrongMethod(process, use, use.Element, "ProcessContext", processes: true);
            if (wrong is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ProcessMethodSignature, process.Locations.FirstOrDefault(), $"{name}.{process.Name}", wrong, $"public void {process.Name}({processShape})"));
                return null;
            }

            if (timers.Count == 1)
            {
                wrong = WrongMethod(timers[0], use, use.Compilation.GetSpecialType(SpecialType.System_Int64), "TimerContext", processes: false);
                if (wrong is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OnTimerMethodSignature, timers[0].Locations.FirstOrDefault(), $"{name}.{timers[0].Name}", wrong, timerShape.Replace("OnTimer", timers[0].Name)));
                    return null;
                }

                timer = timers[0];
            }

            return process;
        }

        // What is wrong with a [Process] or [OnTimer] method for this use, or null when it fits.
        private static string? WrongMethod(IMethodSymbol method, ProcessUse use, ITypeSymbol first, string context, bool processes)
        {
            if (method.IsStatic)
            {
                return "is static, but the function's instance holds its state handles";
            }

            if (!use.Compilation.IsSymbolAccessibleWithin(method, use.Job))
            {
                return $"is not accessible from job class '{use.Job.Name}'; make it public or internal";
            }

            ImmutableArray<IParameterSymbol> ps = method.Parameters;
            if (!method.ReturnsVoid || method.IsGenericMethod || ps.Length != 3)
            {
                return "does not have the shape of one";
            }

            if (!SymbolEqualityComparer.Default.Equals(ps[0].Type, first) || (processes ? ps[0].RefKind is not (RefKind.In or RefKind.RefReadOnlyParameter) : ps[0].RefKind != RefKind.None))
            {
                return processes
                    ? $"takes '{Short(ps[0].Type)}' first, but the keyed stream carries {Short(use.Element)}, passed 'in'"
                    : "must take the timer's time (a long) first";
            }

            if (ps[1].Type is not INamedTypeSymbol { TypeArguments.Length: 1 } ctx || ctx.Name != context || ctx.ContainingNamespace.ToDisplayString() != "HyperFlow"
                || !SymbolEqualityComparer.Default.Equals(ctx.TypeArguments[0], use.Key) || ps[1].RefKind != RefKind.None)
            {
                return $"must take a {context}<{Short(use.Key)}> second (the stream is keyed by {Short(use.Key)})";
            }

            if (ps[2].Type is not INamedTypeSymbol { Name: "Collector", TypeArguments.Length: 1 } collector
                || !SymbolEqualityComparer.Default.Equals(collector.TypeArguments[0], use.Output) || ps[2].RefKind != RefKind.None)
            {
                return $"must take a Collector<{Short(use.Output)}> third (the pipeline declares outputs of {Short(use.Output)})";
            }

            return null;
        }

        // The tag fields the function's code emits to (context.Output(Tag, value)), with the call. Not
        // known for sure when a tag is not a field or a context is handed to other code.
        private static List<(IFieldSymbol Tag, Location Call)> EmittedTags(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken, out bool known)
        {
            known = true;
            var emitted = new List<(IFieldSymbol, Location)>();
            for (INamedTypeSymbol? t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
            {
                if (t.DeclaringSyntaxReferences.Length == 0)
                {
                    known = false;
                }

                foreach (SyntaxReference reference in t.DeclaringSyntaxReferences)
                {
                    SyntaxNode node = reference.GetSyntax(cancellationToken);
                    SemanticModel model = compilation.GetSemanticModel(node.SyntaxTree);
                    foreach (SyntaxNode descendant in node.DescendantNodes())
                    {
                        if (descendant is ArgumentSyntax argument && IsContext(model.GetTypeInfo(argument.Expression, cancellationToken).Type))
                        {
                            known = false;
                        }
                        else if (descendant is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 2 } invocation
                            && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { Name: "Output" } output
                            && IsContext(output.ContainingType))
                        {
                            if (model.GetSymbolInfo(invocation.ArgumentList.Arguments[0].Expression, cancellationToken).Symbol is IFieldSymbol tag)
                            {
                                emitted.Add((tag, invocation.GetLocation()));
                            }
                            else
                            {
                                known = false;
                            }
                        }
                    }
                }
            }

            return emitted;
        }

        // Emits to a tag that the SideOutput calls right after this Process call do not read: dropped records.
        private static void ReportUnreadSideOutputs(InvocationExpressionSyntax call, SemanticModel model, INamedTypeSymbol type, List<(IFieldSymbol Tag, Location Call)> emitted, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            var read = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            SyntaxNode node = call;
            while (node.Parent is MemberAccessExpressionSyntax { Name.Identifier.Text: "SideOutput" } access && access.Expression == node
                && access.Parent is InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } next)
            {
                if (model.GetSymbolInfo(next.ArgumentList.Arguments[0].Expression, cancellationToken).Symbol is not IFieldSymbol tag)
                {
                    // A tag that is not a field (reported as such) could be any: nothing to compare.
                    return;
                }

                read.Add(tag);

                node = next;
            }

            foreach ((IFieldSymbol tag, Location location) in emitted.Where(e => !read.Contains(e.Tag)).GroupBy(e => e.Tag, SymbolEqualityComparer.Default).Select(g => g.First()))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.SideOutputNotMatched,
                    location,
                    $"Process function '{Short(type)}' emits to side output '{tag.Name}', but the pipeline does not read it after .Process<{Short(type)}, ...>(), so those records are dropped",
                    $"add .SideOutput({tag.Name}, s => s...To(\"sink\")) right after it, or stop emitting to it"));
            }
        }

        private static string TagField(IFieldSymbol tag) => $"{Full(tag.ContainingType)}.{Escape(tag.Name)}";

        private static bool IsContext(ITypeSymbol? type)
            => type is INamedTypeSymbol { Name: "ProcessContext" or "TimerContext", TypeArguments.Length: 1 } named && named.ContainingNamespace.ToDisplayString() == "HyperFlow";

        private static bool IsStore(ITypeSymbol type, ITypeSymbol key)
            => type is INamedTypeSymbol { Name: "KeyedStateStore", TypeArguments.Length: 1 } store
               && store.ContainingNamespace.ToDisplayString() == "HyperFlow.Storage.State"
               && SymbolEqualityComparer.Default.Equals(store.TypeArguments[0], key);

        private static bool HasAttribute(IMethodSymbol method, string attribute)
            => method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == attribute);

        /// <summary>How the pipeline uses a process function: the keyed stream's key and element, its output, and the job.</summary>
        private sealed record ProcessUse(ITypeSymbol Key, ITypeSymbol Element, ITypeSymbol Output, Compilation Compilation, INamedTypeSymbol Job);
    }
}
