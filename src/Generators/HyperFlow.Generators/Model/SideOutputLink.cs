namespace HyperFlow.Generators.Model
{
    /// <summary>A side output of a chain's operator, planned: which stage emits it and which chain its stream starts in.</summary>
    /// <param name="Stage">The index in the chain of the stage that emits to the tag.</param>
    /// <param name="TagName">The tag's name.</param>
    /// <param name="TagField">The tag's static field, fully qualified.</param>
    /// <param name="Type">The fully qualified record type.</param>
    /// <param name="Chain">The chain the side output's stream starts in (through a forward exchange).</param>
    internal sealed record SideOutputLink(int Stage, string TagName, string TagField, string Type, int Chain);
}
