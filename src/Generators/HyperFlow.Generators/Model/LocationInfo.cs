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

        /// <summary>The location in the compilation's tree of the same file when there is one, else by path.</summary>
        public Location ToLocation(Compilation compilation)
        {
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                if (tree.FilePath == FilePath)
                {
                    return Location.Create(tree, Span);
                }
            }

            return Location.Create(FilePath, Span, LineSpan);
        }
    }
}
