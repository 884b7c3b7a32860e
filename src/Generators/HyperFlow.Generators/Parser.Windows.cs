using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using HyperFlow.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HyperFlow.Generators
{
    /// <summary>
    /// Parsing of windows: <c>.Window(assigner)</c> opens a window stage, its options (lateness, trigger,
    /// late stream) complete it, and <c>Aggregate</c>, <c>Reduce</c> or <c>Process</c> on the windowed
    /// stream close it. The assigner and every option are read at build time, so they must be constants.
    /// </summary>
    internal static partial class Parser
    {
        private const string WindowsNs = "HyperFlow.Windows";

        private static bool IsWindowCall(IMethodSymbol invoked)
            => invoked.ContainingType.Name == "IWindowedStream" || (invoked.Name == "Window" && invoked.ContainingType.Name == "IKeyedStream");

        /// <summary>The calls a window stage makes besides its function and key selector, so they count as used.</summary>
        private static IEnumerable<string> WindowCalls(StageModel stage)
            => stage.Window is { } w ? new[] { w.MergeCall, w.GapCall } : Enumerable.Empty<string>();

        /// <summary>Puts each window's late stream right after the window stage, where the window's chain runs it.</summary>
        private static void ExpandLateStages(List<StageModel> stages)
        {
            for (int i = 0; i < stages.Count; i++)
            {
                if (stages[i].Window is { LateStages.Count: > 0 } window)
                {
                    stages[i] = stages[i] with { Window = window with { LateStages = default, LateStageCount = window.LateStages.Count } };
                    stages.InsertRange(i + 1, window.LateStages);
                    i += window.LateStages.Count;
                }
            }
        }

        // A call of IKeyedStream.Window or on IWindowedStream: a new open window stage, or the open one
        // completed (the pipeline loop replaces the open stage with what this returns).
        private static StageModel? WindowStage(
            InvocationExpressionSyntax call,
            MemberAccessExpressionSyntax access,
            IMethodSymbol invoked,
            SemanticModel model,
            List<StageModel> stages,
            List<DiagnosticInfo> diagnostics,
            CancellationToken cancellationToken)
        {
            string verb = access.Name.Identifier.Text;
            ITypeSymbol element = invoked.ContainingType.TypeArguments[1];
            if (verb == "Window")
            {
                return OpenWindow(call, element, model, stages, diagnostics, cancellationToken);
            }

            StageModel stage = stages[stages.FindLastIndex(s => s.Window is { IsOpen: true })];
            WindowModel window = stage.Window!;
            Dictionary<string, ExpressionSyntax> arguments = Arguments(call, invoked);
            Location name = access.Name.GetLocation();
            switch (verb)
            {
                case "AllowedLateness":
                {
                    if (!Applies(verb, window, window.LatenessMs > 0, name, diagnostics)
                        || !TryWindowLong(arguments, "lateMs", verb, 0, model, diagnostics, cancellationToken, out long lateness))
                    {
                        return null;
                    }

                    if (lateness < 0)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowArgumentOutOfRange, arguments["lateMs"].GetLocation(), "lateMs", verb, Number(lateness), "it must be 0 or more (0, the default, drops or side-outputs every element that arrives after its window fired)"));
                        return null;
                    }

                    return stage with { Window = window with { LatenessMs = lateness } };
                }

                case "Trigger":
                case "CountTrigger":
                {
                    if (window.HasTrigger)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowOptionNotApplicable, name, verb, "follows another trigger on the same window", "keep one trigger"));
                        return null;
                    }

                    if (!TryWindowBool(arguments, "purging", verb, model, diagnostics, cancellationToken, out bool purging))
                    {
                        return null;
                    }

                    if (verb == "Trigger")
                    {
                        ITypeSymbol trigger = invoked.TypeArguments[0];
                        return stage with { Window = window with { TriggerType = Full(trigger), TriggerDisplay = Short(trigger), Purging = purging } };
                    }

                    if (!TryWindowLong(arguments, "count", verb, 0, model, diagnostics, cancellationToken, out long count))
                    {
                        return null;
                    }

                    if (count < 1)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowArgumentOutOfRange, arguments["count"].GetLocation(), "count", verb, Number(count), "it must be 1 or more (the number of elements between firings)"));
                        return null;
                    }

                    return stage with { Window = window with { TriggerCount = count, Purging = purging } };
                }

                case "LateData":
                {
                    if (!Applies(verb, window, window.LateStages.Count > 0, name, diagnostics))
                    {
                        return null;
                    }

                    List<StageModel>? late = LateStream(arguments["late"], element, model, diagnostics, cancellationToken);
                    return late is null ? null : stage with { Window = window with { LateStages = new EquatableArray<StageModel>(late) } };
                }

                default:
                    return CloseWindow(verb, call, invoked, stage, element, model, diagnostics, cancellationToken);
            }
        }

        private static StageModel? OpenWindow(InvocationExpressionSyntax call, ITypeSymbol element, SemanticModel model, List<StageModel> stages, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            ExpressionSyntax argument = call.ArgumentList.Arguments[0].Expression;
            WindowModel? window = Assigner(argument, element, model, diagnostics, cancellationToken);
            if (window is null)
            {
                return null;
            }

            if (window.IsEventTime && !stages.Any(s => s.Kind == StageKind.Timestamp))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowNeedsTimestamps, argument.GetLocation(), argument.ToString()));
                return null;
            }

            // The key-by just before it: the window is keyed by its selector.
            StageModel keyBy = stages[stages.Count - 1];
            return new StageModel(StageKind.Window, string.Empty, string.Empty, string.Empty, Full(element), string.Empty, Short(element), string.Empty, keyBy.KeyType, string.Empty, keyBy.Call, Window: window);
        }

        private static StageModel? CloseWindow(string verb, InvocationExpressionSyntax call, IMethodSymbol invoked, StageModel stage, ITypeSymbol element, SemanticModel model, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            WindowModel window = stage.Window!;
            SeparatedSyntaxList<ArgumentSyntax> arguments = call.ArgumentList.Arguments;
            string kind = verb == "Process" ? "ProcessWindow" : verb;
            IMethodSymbol? target = MethodGroup(arguments[0].Expression, verb, model, diagnostics, cancellationToken);
            string? uid = target is null ? null : OperatorUid(kind, target, arguments[0].Expression.GetLocation(), diagnostics);
            if (target is null || uid is null)
            {
                return null;
            }

            string mergeCall = string.Empty;
            if (arguments.Count > 1)
            {
                IMethodSymbol? merge = MethodGroup(arguments[1].Expression, verb, model, diagnostics, cancellationToken);
                if (merge is null || OperatorUid("Merge", merge, arguments[1].Expression.GetLocation(), diagnostics) is null)
                {
                    return null;
                }

                mergeCall = $"{Full(merge.ContainingType)}.{Escape(merge.Name)}";
            }

            string display = $"{target.ContainingType.Name}.{target.Name}";
            if (verb == "Aggregate" && mergeCall.Length == 0 && window.Merges)
            {
                string what = window.Kind == WindowKind.Sliding ? "Sliding" : "Session";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowAggregateNeedsMerge, arguments[0].GetLocation(), what, display, target.Name));
                return null;
            }

            if (window.Kind == WindowKind.Global && !window.HasTrigger)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GlobalWindowWithoutTrigger, call.GetLocation(), $"{verb}({target.Name})"));
                return null;
            }

            // The value of each result: the accumulator, the reduced element, or what the process method emits.
            ITypeSymbol result = verb == "Reduce" ? element : invoked.TypeArguments[0];
            string key = stage.KeyType;
            WindowFunction function = verb switch
            {
                "Aggregate" => WindowFunction.Aggregate,
                "Reduce" => WindowFunction.Reduce,
                _ => WindowFunction.Process,
            };
            return stage with
            {
                Uid = uid,
                Display = display,
                Call = $"{Full(target.ContainingType)}.{Escape(target.Name)}",
                OutType = $"global::HyperFlow.Windows.WindowResult<{key}, {Full(result)}>",
                OutDisplay = $"WindowResult<{key}, {Short(result)}>",
                AccType = Full(result),
                Window = window with { Function = function, MergeCall = mergeCall },
            };
        }

        // An option that exists once per window and only for event time (lateness and the late stream).
        private static bool Applies(string verb, WindowModel window, bool declared, Location location, List<DiagnosticInfo> diagnostics)
        {
            if (declared)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowOptionNotApplicable, location, verb, "is declared twice on the same window", "keep one"));
                return false;
            }

            if (!window.IsEventTime)
            {
                string which = window.Kind == WindowKind.Global ? "global windows, which do not follow time" : "windows that follow processing time";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowOptionNotApplicable, location, verb, $"applies to event-time windows, where elements can be late, not to {which}", "remove it, or use an event-time window"));
                return false;
            }

            return true;
        }

        private static IMethodSymbol? MethodGroup(ExpressionSyntax argument, string verb, SemanticModel model, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            if (model.GetSymbolInfo(argument, cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.Ordinary } target)
            {
                return target;
            }

            Fail(diagnostics, argument.GetLocation(), $"The arguments of '{verb}' on a window must name methods (method groups), such as {verb}(MyMethod)");
            return null;
        }

        // The late stream: a lambda 'late => late.Map(...)...To("sink")', parsed as a pipeline of its own.
        private static List<StageModel>? LateStream(ExpressionSyntax argument, ITypeSymbol element, SemanticModel model, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            if (argument is not LambdaExpressionSyntax { ExpressionBody: { } body })
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LateStreamNotSupported, argument.GetLocation(), "The argument of 'LateData' is not a lambda with an expression body"));
                return null;
            }

            var calls = new List<InvocationExpressionSyntax>();
            ExpressionSyntax current = body;
            while (current is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation)
            {
                calls.Add(invocation);
                current = access.Expression;
            }

            if (model.GetSymbolInfo(current, cancellationToken).Symbol is not IParameterSymbol)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LateStreamNotSupported, current.GetLocation(), $"The late stream must start from the lambda's parameter, not from '{current}'"));
                return null;
            }

            calls.Reverse();
            var stages = new List<StageModel>();
            var start = new StageModel(StageKind.Source, string.Empty, string.Empty, string.Empty, string.Empty, Full(element), string.Empty, Short(element), string.Empty, string.Empty, string.Empty);
            foreach (InvocationExpressionSyntax call in calls)
            {
                StageModel? stage = ParseStage(call, model, stages.Count == 0 ? start : stages[stages.Count - 1], stages, diagnostics, cancellationToken);
                if (stage is null)
                {
                    return null;
                }

                if (stage.Kind is not (StageKind.Map or StageKind.Filter or StageKind.FlatMap or StageKind.Sink) || stages.Any(s => s.Kind == StageKind.Sink))
                {
                    string verb = ((MemberAccessExpressionSyntax)call.Expression).Name.Identifier.Text;
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LateStreamNotSupported, ((MemberAccessExpressionSyntax)call.Expression).Name.GetLocation(), $"'{verb}' is not allowed in the late stream"));
                    return null;
                }

                stages.Add(stage);
            }

            if (stages.Count == 0 || stages[stages.Count - 1].Kind != StageKind.Sink)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LateStreamNotSupported, body.GetLocation(), "The late stream does not end in a sink"));
                return null;
            }

            return stages;
        }

        // The assigner expression, read into a model: constants only, validated as the assigners' constructors would.
        private static WindowModel? Assigner(ExpressionSyntax expression, ITypeSymbol element, SemanticModel model, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            bool processingTime = false;
            ExpressionSyntax assigner = expression;
            if (assigner is WithExpressionSyntax with)
            {
                foreach (ExpressionSyntax init in with.Initializer.Expressions)
                {
                    if (init is not AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.Text: "Time" } } time
                        || model.GetConstantValue(time.Right, cancellationToken) is not { HasValue: true, Value: int clock })
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowNotUnderstood, init.GetLocation(), $"'{init}' is not 'Time = WindowTime.EventTime' or 'Time = WindowTime.ProcessingTime'"));
                        return null;
                    }

                    processingTime = clock == 1;
                }

                assigner = with.Expression;
            }

            ISymbol? symbol = model.GetSymbolInfo(assigner, cancellationToken).Symbol;
            var empty = new WindowModel(WindowKind.Global, processingTime, 0, 0, 0, 0, string.Empty, WindowFunction.None, string.Empty, 0, string.Empty, string.Empty, 0, false, default, 0);
            if (symbol is IPropertySymbol { Name: "Instance", ContainingType.Name: "GlobalWindows" } global && global.ContainingNamespace.ToDisplayString() == WindowsNs)
            {
                return empty;
            }

            if (assigner is not InvocationExpressionSyntax call || symbol is not IMethodSymbol factory || factory.ContainingNamespace.ToDisplayString() != WindowsNs)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowNotUnderstood, assigner.GetLocation(), $"'{assigner}' is not one of HyperFlow's window assigners"));
                return null;
            }

            string what = $"{factory.ContainingType.Name}.{factory.Name}";
            Dictionary<string, ExpressionSyntax> arguments = Arguments(call, factory);
            bool durations = factory.Name is "Of" or "WithGap";
            long Read(string parameter, out bool ok)
            {
                long value = 0;
                ok = durations
                    ? TryDuration(arguments, parameter, what, model, diagnostics, cancellationToken, out value)
                    : TryWindowLong(arguments, parameter, what, 0, model, diagnostics, cancellationToken, out value);
                return value;
            }

            switch (factory.ContainingType.Name)
            {
                case "TumblingWindows":
                {
                    long size = Read("size", out bool sizeOk);
                    long offset = sizeOk ? Read("offset", out sizeOk) : 0;
                    return sizeOk
                        && Positive("size", size, what, arguments, diagnostics)
                        && Within("offset", offset, size, "the size", what, arguments, diagnostics)
                        ? empty with { Kind = WindowKind.Tumbling, SizeMs = size, SlideMs = size, OffsetMs = offset }
                        : null;
                }

                case "SlidingWindows":
                {
                    long size = Read("size", out bool ok);
                    long slide = ok ? Read("slide", out ok) : 0;
                    long offset = ok ? Read("offset", out ok) : 0;
                    if (!ok || !Positive("size", size, what, arguments, diagnostics))
                    {
                        return null;
                    }

                    if (slide < 1 || slide > size)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowArgumentOutOfRange, arguments["slide"].GetLocation(), "slide", what, $"{Number(slide)} ms", $"it must be between 1 ms and the size ({Number(size)} ms); use tumbling windows for a slide equal to the size"));
                        return null;
                    }

                    return Within("offset", offset, slide, "the slide", what, arguments, diagnostics)
                        ? empty with { Kind = WindowKind.Sliding, SizeMs = size, SlideMs = slide, OffsetMs = offset }
                        : null;
                }

                case "SessionWindows":
                {
                    long gap = Read("gap", out bool ok);
                    return ok && Positive("gap", gap, what, arguments, diagnostics) ? empty with { Kind = WindowKind.Session, GapMs = gap } : null;
                }

                case "DynamicSessionWindows":
                {
                    ITypeSymbol reads = factory.ContainingType.TypeArguments[0];
                    if (!SymbolEqualityComparer.Default.Equals(reads, element))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowNotUnderstood, assigner.GetLocation(), $"'{assigner}' reads {Short(reads)} elements, but the stream carries {Short(element)}"));
                        return null;
                    }

                    ExpressionSyntax gapArgument = call.ArgumentList.Arguments[0].Expression;
                    if (factory.Parameters[0].Type.Name != "SessionGapFunction"
                        || model.GetSymbolInfo(gapArgument, cancellationToken).Symbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } gap)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowNotUnderstood, gapArgument.GetLocation(), $"The gap of '{what}' must name a [SessionGap] method (a method group), not '{gapArgument}'"));
                        return null;
                    }

                    return OperatorUid("SessionGap", gap, gapArgument.GetLocation(), diagnostics) is null
                        ? null
                        : empty with { Kind = WindowKind.DynamicSession, GapCall = $"{Full(gap.ContainingType)}.{Escape(gap.Name)}" };
                }

                default:
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowNotUnderstood, assigner.GetLocation(), $"'{what}' is not a window assigner a pipeline can declare"));
                    return null;
            }
        }

        private static bool Positive(string parameter, long value, string what, Dictionary<string, ExpressionSyntax> arguments, List<DiagnosticInfo> diagnostics)
        {
            if (value >= 1)
            {
                return true;
            }

            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowArgumentOutOfRange, arguments[parameter].GetLocation(), parameter, what, $"{Number(value)} ms", "it must be at least 1 ms"));
            return false;
        }

        private static bool Within(string parameter, long value, long bound, string boundName, string what, Dictionary<string, ExpressionSyntax> arguments, List<DiagnosticInfo> diagnostics)
        {
            if (value > -bound && value < bound)
            {
                return true;
            }

            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowArgumentOutOfRange, arguments[parameter].GetLocation(), parameter, what, $"{Number(value)} ms", $"it must be smaller than {boundName} ({Number(bound)} ms) in absolute value"));
            return false;
        }

        // The call's arguments by parameter name (named or positional); parameters left out are absent.
        private static Dictionary<string, ExpressionSyntax> Arguments(InvocationExpressionSyntax call, IMethodSymbol method)
        {
            var arguments = new Dictionary<string, ExpressionSyntax>();
            SeparatedSyntaxList<ArgumentSyntax> list = call.ArgumentList.Arguments;
            for (int i = 0; i < list.Count && i < method.Parameters.Length; i++)
            {
                arguments[list[i].NameColon?.Name.Identifier.Text ?? method.Parameters[i].Name] = list[i].Expression;
            }

            return arguments;
        }

        private static bool TryWindowLong(Dictionary<string, ExpressionSyntax> arguments, string parameter, string what, long absent, SemanticModel model, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken, out long value)
        {
            value = absent;
            if (!arguments.TryGetValue(parameter, out ExpressionSyntax? expression))
            {
                return true;
            }

            Optional<object?> constant = model.GetConstantValue(expression, cancellationToken);
            if (!constant.HasValue || constant.Value is null or bool)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowArgumentNotConstant, expression.GetLocation(), parameter, what));
                return false;
            }

            value = System.Convert.ToInt64(constant.Value, CultureInfo.InvariantCulture);
            return true;
        }

        private static bool TryWindowBool(Dictionary<string, ExpressionSyntax> arguments, string parameter, string what, SemanticModel model, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken, out bool value)
        {
            value = false;
            if (!arguments.TryGetValue(parameter, out ExpressionSyntax? expression))
            {
                return true;
            }

            if (model.GetConstantValue(expression, cancellationToken) is { HasValue: true, Value: bool constant })
            {
                value = constant;
                return true;
            }

            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowArgumentNotConstant, expression.GetLocation(), parameter, what));
            return false;
        }

        // A TimeSpan argument in whole milliseconds: TimeSpan.FromX(constants...), TimeSpan.Zero or default.
        private static bool TryDuration(Dictionary<string, ExpressionSyntax> arguments, string parameter, string what, SemanticModel model, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken, out long milliseconds)
        {
            milliseconds = 0;
            if (!arguments.TryGetValue(parameter, out ExpressionSyntax? expression))
            {
                return true;
            }

            ExpressionSyntax duration = expression;
            while (duration is ParenthesizedExpressionSyntax parenthesized)
            {
                duration = parenthesized.Expression;
            }

            if (duration.IsKind(SyntaxKind.DefaultLiteralExpression) || duration is DefaultExpressionSyntax)
            {
                return true;
            }

            ISymbol? symbol = model.GetSymbolInfo(duration, cancellationToken).Symbol;
            if (symbol is IFieldSymbol { Name: "Zero" } zero && zero.ContainingType.ToDisplayString() == "System.TimeSpan")
            {
                return true;
            }

            if (duration is InvocationExpressionSyntax invocation
                && symbol is IMethodSymbol from
                && from.ContainingType.ToDisplayString() == "System.TimeSpan"
                && from.Name.StartsWith("From", System.StringComparison.Ordinal))
            {
                decimal ticks = 0;
                bool constant = true;
                foreach (KeyValuePair<string, ExpressionSyntax> part in Arguments(invocation, from))
                {
                    Optional<object?> value = model.GetConstantValue(part.Value, cancellationToken);
                    long unit = TicksPer(part.Key) ?? TicksPer(from.Name.Substring("From".Length).ToLowerInvariant()) ?? 0;
                    constant &= value.HasValue && value.Value is not null and not bool && unit > 0;
                    if (constant)
                    {
                        ticks += System.Convert.ToDecimal(value.Value, CultureInfo.InvariantCulture) * unit;
                    }
                }

                if (constant)
                {
                    milliseconds = (long)decimal.Truncate(ticks / TicksPer("milliseconds")!.Value);
                    return true;
                }
            }

            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowArgumentNotConstant, expression.GetLocation(), parameter, what));
            return false;
        }

        // TimeSpan's units by the names its FromX methods give their parameters (and the method names).
        private static long? TicksPer(string unit) => unit switch
        {
            "days" => 864_000_000_000,
            "hours" => 36_000_000_000,
            "minutes" => 600_000_000,
            "seconds" => 10_000_000,
            "milliseconds" => 10_000,
            "microseconds" => 10,
            "ticks" => 1,
            _ => null,
        };

        private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
