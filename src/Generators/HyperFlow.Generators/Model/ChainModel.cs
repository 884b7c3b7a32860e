namespace HyperFlow.Generators.Model
{
    /// <summary>
    /// A chain planned for fusion: consecutive stages that run in one method on one subtask.
    /// A chain starts at a source or after a key-by (hash exchange) and ends at a key-by or a sink.
    /// </summary>
    /// <param name="Id">The chain's index.</param>
    /// <param name="InputType">The type of event entering the chain.</param>
    /// <param name="InputKeyBy">For a chain fed by a hash exchange, the key-by stage upstream; else null.</param>
    /// <param name="Stages">The chain's stages, in order.</param>
    internal sealed record ChainModel(int Id, string InputType, StageModel? InputKeyBy, EquatableArray<StageModel> Stages)
    {
        public bool StartsAtSource => InputKeyBy is null;

        public StageModel Last => Stages[Stages.Count - 1];
    }
}
