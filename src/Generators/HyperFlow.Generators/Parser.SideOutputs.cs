using System.Collections.Generic;
using System.Linq;
using System.Threading;
using HyperFlow.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HyperFlow.Generators
{
    /// <summary>
    /// Parsing of side outputs, <c>.SideOutput(Tag, s =&gt; s...To("sink"))</c> right after the operator that
    /// emits to them: the tag (a static readonly field with a constant name) and the stream that
    /// continues it, parsed as a pipeline of its own. Once the whole pipeline is parsed, each side
    /// output's stream is laid out after the main stream's stages (see <see cref="FusionPlanner"/>).
    /// </summary>
    internal static partial class Parser
    {
        private static StageModel? SideOutputStage(
            InvocationExpressionSyntax call,
            MemberAccessExpressionSyntax access,
            IMethodSymbol invoked,
            SemanticModel model,
            StageModel previous,
            List<StageModel> stages,
            List<DiagnosticInfo> diagnostics,
            CancellationToken cancellationToken)
        {
            ExpressionSyntax? tagArgument = null;
            ExpressionSyntax? branchArgument = null;
            SeparatedSyntaxList<ArgumentSyntax> arguments = call.ArgumentList.Arguments;
            for (int i = 0; i < arguments.Count; i++)
            {
                if ((arguments[i].NameColon?.Name.Identifier.Text ?? invoked.Parameters[i].Name) == "tag")
                {
                    tagArgument = arguments[i].Expression;
                }
                else
                {
                    branchArgument = arguments[i].Expression;
                }
            }

            ITypeSymbol element = invoked.TypeArguments[0];
            INamedTypeSymbol job = model.GetEnclosingSymbol(call.SpanStart, cancellationToken)!.ContainingType;
            (IFieldSymbol Field, string Name)? tag = Tag(tagArgument!, model, job, stages, diagnostics, cancellationToken);
            if (tag is null)
            {
                return null;
            }

            // The operator that emits: the stage before this and any other side outputs read from it.
            int at = stages.Count - 1;
            while (at >= 0 && stages[at].Kind == StageKind.SideOutput)
            {
                at--;
            }

            string field = TagField(tag.Value.Field);
            string name = tag.Value.Name;
            StageModel? producer = at >= 0 ? stages[at] : null;
            if (producer?.Process is not { } process)
            {
                string what = producer is null ? "starts the stream" : $"follows {producer.Kind} '{producer.Display}', which has no side outputs";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SideOutputMisplaced, access.Name.GetLocation(), tag.Value.Field.Name, what, "read a side output right after the .Process<TFunction, TOut>() whose function emits to it"));
                return null;
            }

            if (stages.Skip(at + 1).Any(s => s.SideOutput!.TagField == field))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SideOutputMisplaced, access.Name.GetLocation(), tag.Value.Field.Name, $"reads side output '{name}' of '{producer.Display}' a second time", "read it once; its stream can fan out downstream"));
                return null;
            }

            if (process.TagsKnown && !process.EmittedTags.Contains(field))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.SideOutputNotMatched,
                    tagArgument!.GetLocation(),
                    $"Side output '{name}' is read after '{producer.Display}', but '{producer.Display}' never emits to it, so its stream stays empty",
                    $"emit to it with context.Output({tag.Value.Field.Name}, value), or remove this SideOutput"));
            }

            List<StageModel>? branch = SideOutputStream(branchArgument!, element, name, model, stages, diagnostics, cancellationToken);
            return branch is null
                ? null
                : new StageModel(
                    StageKind.SideOutput,
                    string.Empty,
                    name,
                    string.Empty,
                    previous.OutType,
                    previous.OutType,
                    previous.OutDisplay,
                    previous.OutDisplay,
                    string.Empty,
                    string.Empty,
                    string.Empty,
                    SideOutput: new SideOutputModel(name, field, Full(element), Short(element), -1, new EquatableArray<StageModel>(branch)));
        }

        // The tag: a static readonly field, accessible from the job, created with a constant name that no other tag of the job has.
        private static (IFieldSymbol Field, string Name)? Tag(ExpressionSyntax argument, SemanticModel model, INamedTypeSymbol job, List<StageModel> stages, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            string problem;
            if (model.GetSymbolInfo(argument, cancellationToken).Symbol is not IFieldSymbol { IsStatic: true, IsReadOnly: true } field)
            {
                problem = "is not a static readonly field";
            }
            else if (!model.Compilation.IsSymbolAccessibleWithin(field, job))
            {
                problem = $"is not accessible from job class '{job.Name}'";
            }
            else if (TagName(field, model.Compilation, cancellationToken) is not { } name)
            {
                problem = "is not created with a constant name, such as new(\"late\")";
            }
            else
            {
                string qualified = TagField(field);
                SideOutputModel? same = SideOutputsIn(stages).FirstOrDefault(s => s.TagName == name && s.TagField != qualified);
                if (same is null)
                {
                    return (field, name);
                }

                problem = $"has the name '{name}' of another tag of the job, '{same.TagField.Replace("global::", string.Empty)}'";
            }

            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SideOutputTagNotUnderstood, argument.GetLocation(), argument.ToString(), problem));
            return null;
        }

        private static string? TagName(IFieldSymbol field, Compilation compilation, CancellationToken cancellationToken)
        {
            if (field.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1 } creation })
            {
                return null;
            }

            SemanticModel model = compilation.GetSemanticModel(creation.SyntaxTree);
            return model.GetConstantValue(creation.ArgumentList!.Arguments[0].Expression, cancellationToken) is { HasValue: true, Value: string name } && name.Trim().Length > 0
                ? name
                : null;
        }

        // Every side output read so far, in side output streams too.
        private static IEnumerable<SideOutputModel> SideOutputsIn(IEnumerable<StageModel> stages)
            => stages.Where(s => s.SideOutput is not null).SelectMany(s => new[] { s.SideOutput! }.Concat(SideOutputsIn(s.SideOutput!.Branch)));

        // The side output's stream: a lambda 'side => side.Map(...)...To("sink")', parsed as a pipeline of
        // its own that continues the stages so far (so keyed stages and time checks see the whole job).
        private static List<StageModel>? SideOutputStream(ExpressionSyntax argument, ITypeSymbol element, string name, SemanticModel model, List<StageModel> stages, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            string shape = $"such as s => s.To(\"{name}\")";
            if (argument is not LambdaExpressionSyntax { ExpressionBody: { } body })
            {
                Fail(diagnostics, argument.GetLocation(), $"The stream of side output '{name}' must be a lambda with an expression body that continues its parameter and ends in a sink, {shape}");
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
                Fail(diagnostics, current.GetLocation(), $"The stream of side output '{name}' must start from the lambda's parameter, not from '{current}', {shape}");
                return null;
            }

            calls.Reverse();
            var scope = new List<StageModel>(stages);
            var branch = new List<StageModel>();
            var start = new StageModel(StageKind.SideOutput, string.Empty, name, string.Empty, Full(element), Full(element), Short(element), Short(element), string.Empty, string.Empty, string.Empty);
            foreach (InvocationExpressionSyntax call in calls)
            {
                cancellationToken.ThrowIfCancellationRequested();
                StageModel? stage = ParseStage(call, model, branch.Count == 0 ? start : scope[scope.Count - 1], scope, diagnostics, cancellationToken);
                if (stage is null)
                {
                    return null;
                }

                if (branch.Count == 0 && stage.Kind == StageKind.Partition)
                {
                    Fail(diagnostics, call.GetLocation(), $"The stream of side output '{name}' starts with '{stage.Uid}'; it starts on the subtask that emitted it, so key it with KeyBy or put '{stage.Uid}' after one of its operators");
                    return null;
                }

                // As in the main stream: a window's options and its function complete its open stage.
                int open = branch.FindLastIndex(s => s.Window is { IsOpen: true });
                if (open >= 0 && stage.Kind == StageKind.Window)
                {
                    branch[open] = stage;
                    scope[stages.Count + open] = stage;
                }
                else
                {
                    branch.Add(stage);
                    scope.Add(stage);
                }
            }

            if (branch.Count == 0 || branch[branch.Count - 1].Kind != StageKind.Sink)
            {
                Fail(diagnostics, body.GetLocation(), $"The stream of side output '{name}' must end in a sink, {shape}");
                return null;
            }

            return branch;
        }

        /// <summary>
        /// Lays the streams out flat, in the order the planner wants: the main stream's stages, then each
        /// side output's SideOutput stage (with the index of the stage that emits to it) followed by its
        /// stream's stages, breadth first. Each stream's window late stages are placed first.
        /// </summary>
        private static void LayOutSideOutputs(List<StageModel> stages)
        {
            if (!stages.Any(s => s.Kind == StageKind.SideOutput))
            {
                return;
            }

            var flat = new List<StageModel>(stages.Count);
            var pending = new Queue<(StageModel? Start, List<StageModel> Stream)>();
            pending.Enqueue((null, new List<StageModel>(stages)));
            while (pending.Count > 0)
            {
                (StageModel? start, List<StageModel> stream) = pending.Dequeue();
                ExpandLateStages(stream);
                if (start is not null)
                {
                    flat.Add(start);
                }

                int producer = -1;
                foreach (StageModel stage in stream)
                {
                    if (stage.SideOutput is { } side)
                    {
                        pending.Enqueue((stage with { SideOutput = side with { Producer = producer, Branch = default } }, side.Branch.ToList()));
                        continue;
                    }

                    flat.Add(stage);
                    producer = flat.Count - 1;
                }
            }

            stages.Clear();
            stages.AddRange(flat);
        }
    }
}
