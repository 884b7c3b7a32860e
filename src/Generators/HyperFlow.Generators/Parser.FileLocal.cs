using System.Collections.Generic;
using System.Linq;
using HyperFlow.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HyperFlow.Generators
{
    /// <summary>File-local types in a pipeline: the generated code lives in a file of its own, where they cannot be named.</summary>
    internal static partial class Parser
    {
        /// <summary>Reports a file-local type among a pipeline call's types: generated code, in its own file, could not name it.</summary>
        private static bool ReportFileLocalTypes(IMethodSymbol invoked, InvocationExpressionSyntax call, List<DiagnosticInfo> diagnostics)
        {
            foreach (ITypeSymbol type in invoked.ContainingType.TypeArguments.Concat(invoked.TypeArguments))
            {
                if (FileLocal(type) is { } local)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FileLocalEventType, call.GetLocation(), Short(local), call.Expression is MemberAccessExpressionSyntax access ? access.Name.ToString() : call.ToString()));
                    return true;
                }
            }

            return false;
        }

        private static INamedTypeSymbol? FileLocal(ITypeSymbol type)
        {
            switch (type)
            {
                case IArrayTypeSymbol array:
                    return FileLocal(array.ElementType);
                case INamedTypeSymbol named:
                    for (INamedTypeSymbol? t = named; t is not null; t = t.ContainingType)
                    {
                        if (t.IsFileLocal)
                        {
                            return t;
                        }
                    }

                    return named.TypeArguments.Select(FileLocal).FirstOrDefault(t => t is not null);
                default:
                    return null;
            }
        }
    }
}
