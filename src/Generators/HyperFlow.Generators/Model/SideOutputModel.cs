namespace HyperFlow.Generators.Model
{
    /// <summary>A side output read by the pipeline: its tag and the stream that continues it.</summary>
    /// <param name="TagName">The tag's name.</param>
    /// <param name="TagField">The tag's static field, fully qualified.</param>
    /// <param name="Type">The fully qualified record type.</param>
    /// <param name="TypeDisplay">The short record type.</param>
    /// <param name="Producer">
    /// Once the stages are laid out flat: the index of the stage that emits to the tag. While parsing: -1.
    /// </param>
    /// <param name="Branch">While parsing: the side output's stages (ending in a sink). Empty once they are laid out after the main stream's.</param>
    internal sealed record SideOutputModel(string TagName, string TagField, string Type, string TypeDisplay, int Producer, EquatableArray<StageModel> Branch);
}
