namespace HyperFlow.Generators.Model
{
    /// <summary>
    /// A chain planned for fusion: consecutive stages that run in one method on one subtask.
    /// A chain starts at a source or after a key-by (hash exchange) and ends at a key-by or a sink.
    /// </summary>
    /// <param name="Id">The chain's index.</param>
    /// <param name="InputType">The type of event entering the chain.</param>
    /// <param name="Input">The exchange into the chain: "Source" for a chain that starts at a source, else Hash, Rebalance, Broadcast or Forward.</param>
    /// <param name="Output">The exchange out of the chain (Hash, Rebalance, Broadcast, Forward), or "Sink".</param>
    /// <param name="Stages">The chain's operators, in order.</param>
    /// <param name="TimestampedInput">Whether the records entering the chain carry timestamps (they follow a timestamp stage of an earlier chain).</param>
    /// <param name="SideOutputs">The side outputs of the chain's operators, each a forward exchange into the first chain of its stream.</param>
    internal sealed record ChainModel(int Id, string InputType, string Input, string Output, EquatableArray<StageModel> Stages, bool TimestampedInput, EquatableArray<SideOutputLink> SideOutputs = default)
    {
        public bool StartsAtSource => Input == "Source";

        /// <summary>Whether the records leaving the chain carry timestamps.</summary>
        public bool TimestampedOutput => TimestampedInput || Timestamp is not null;

        /// <summary>The chain's timestamp stage, where watermarks are generated; null when it has none.</summary>
        public StageModel? Timestamp
        {
            get
            {
                foreach (StageModel stage in Stages)
                {
                    if (stage.Kind == StageKind.Timestamp)
                    {
                        return stage;
                    }
                }

                return null;
            }
        }

        public StageModel Last => Stages[Stages.Count - 1];
    }
}
