using Microsoft.CodeAnalysis;

namespace HyperFlow.Generators.Model
{
    /// <summary>A diagnostic to report, held as equatable data (descriptor id, location, message arguments).</summary>
    internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments)
            => new(descriptor.Id, LocationInfo.From(location), new EquatableArray<string>(arguments));

        public Diagnostic ToDiagnostic(Compilation compilation)
            => Diagnostic.Create(
                DiagnosticDescriptors.ById(Id),
                Location?.ToLocation(compilation),
                Arguments.AsSpan().ToArray());
    }
}
