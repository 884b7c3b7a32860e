using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using HyperFlow.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HyperFlow.Generators
{
    /// <summary>Parsing of <c>.Timestamps(...)</c>: the timestamp method, the watermark generator and the constants it is configured with.</summary>
    internal static partial class Parser
    {
        private const string TimestampParameter = "timestamp";

        private static StageModel? TimestampStage(
            InvocationExpressionSyntax call,
            MemberAccessExpressionSyntax access,
            IMethodSymbol invoked,
            SemanticModel model,
            List<StageModel> stages,
            List<DiagnosticInfo> diagnostics,
            CancellationToken cancellationToken)
        {
            // Watermarks are generated per source partition, so timestamps belong in the source's chain.
            if (stages.Any(s => s.Kind == StageKind.Timestamp))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TimestampsMisplaced, access.Name.GetLocation(), "is declared a second time"));
                return null;
            }

            StageModel? exchange = stages.FirstOrDefault(s => s.Kind is StageKind.KeyBy or StageKind.Partition);
            if (exchange is not null)
            {
                string after = exchange.Kind == StageKind.KeyBy ? "KeyBy" : exchange.Uid;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TimestampsMisplaced, access.Name.GetLocation(), $"follows a {after}, after which records come from other subtasks"));
                return null;
            }

            ExpressionSyntax? argument = null;
            var constants = new Dictionary<string, long>();
            foreach (IParameterSymbol parameter in invoked.Parameters.Skip(1))
            {
                constants[parameter.Name] = parameter.HasExplicitDefaultValue ? System.Convert.ToInt64(parameter.ExplicitDefaultValue, CultureInfo.InvariantCulture) : 0;
            }

            SeparatedSyntaxList<ArgumentSyntax> arguments = call.ArgumentList.Arguments;
            for (int i = 0; i < arguments.Count; i++)
            {
                string name = arguments[i].NameColon?.Name.Identifier.Text ?? invoked.Parameters[i].Name;
                if (name == TimestampParameter)
                {
                    argument = arguments[i].Expression;
                    continue;
                }

                if (!TryConstant(arguments[i].Expression, name, model, diagnostics, cancellationToken, out long value))
                {
                    return null;
                }

                constants[name] = value;
            }

            if (argument is null || model.GetSymbolInfo(argument, cancellationToken).Symbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } target)
            {
                Fail(diagnostics, (argument ?? call).GetLocation(), "The timestamp argument of 'Timestamps' must name a [Timestamp] method (a method group), such as Timestamps(TimeOf, maxOutOfOrderMs: 2000)");
                return null;
            }

            string? uid = OperatorUid("Timestamp", target, argument.GetLocation(), diagnostics);
            if (uid is null)
            {
                return null;
            }

            ITypeSymbol element = invoked.ContainingType.TypeArguments[invoked.ContainingType.TypeArguments.Length - 1];
            WatermarkModel watermarks;
            if (invoked.TypeArguments.Length == 1)
            {
                ITypeSymbol generator = invoked.TypeArguments[0];
                watermarks = new WatermarkModel(Full(generator), Short(generator), Custom: true, MaxOutOfOrderMs: 0, constants["idleTimeoutMs"]);
            }
            else
            {
                watermarks = new WatermarkModel(
                    $"global::HyperFlow.BoundedOutOfOrdernessWatermarks<{Full(element)}>",
                    $"BoundedOutOfOrdernessWatermarks<{Short(element)}>",
                    Custom: false,
                    constants["maxOutOfOrderMs"],
                    constants["idleTimeoutMs"]);
            }

            string @in = Full(element);
            string inShort = Short(element);
            return new StageModel(
                StageKind.Timestamp,
                uid,
                $"{target.ContainingType.Name}.{target.Name}",
                $"{Full(target.ContainingType)}.{Escape(target.Name)}",
                @in,
                @in,
                inShort,
                inShort,
                string.Empty,
                string.Empty,
                string.Empty,
                watermarks);
        }

        private static bool TryConstant(ExpressionSyntax expression, string name, SemanticModel model, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken, out long value)
        {
            value = 0;
            Optional<object?> constant = model.GetConstantValue(expression, cancellationToken);
            if (!constant.HasValue || constant.Value is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TimeArgumentNotConstant, expression.GetLocation(), name));
                return false;
            }

            value = System.Convert.ToInt64(constant.Value, CultureInfo.InvariantCulture);
            if (value < 0)
            {
                string meaning = name == "idleTimeoutMs" ? "0 means partitions never go idle" : "0 means timestamps ascend";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TimeArgumentNegative, expression.GetLocation(), name, value.ToString(CultureInfo.InvariantCulture), meaning));
                return false;
            }

            return true;
        }
    }
}
