using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace HyperFlow.Generators.Model
{
    /// <summary>A source location without a reference to the syntax tree, so models stay cacheable.</summary>
    internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
    {
        public static LocationInfo? From(Location? location)
            => location is null || location.SourceTree is null
                ? null
                : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);

        public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
    }
}
