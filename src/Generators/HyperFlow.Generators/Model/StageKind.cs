namespace HyperFlow.Generators.Model
{
    /// <summary>The kinds of pipeline stage; operator names match HyperFlow.Graph.OperatorKind.</summary>
    internal enum StageKind
    {
        Source,
        Map,
        Filter,
        FlatMap,
        KeyBy,
        Aggregate,
        Reduce,
        Sink,
        Timestamp,

        /// <summary>A window operator: the first stage of the chain after a key-by (see <see cref="WindowModel"/>).</summary>
        Window,

        /// <summary>A keyed process function: the first stage of the chain after a key-by (see <see cref="ProcessModel"/>).</summary>
        Process,

        /// <summary>Not an operator: the start of a side output's stream, which runs in chains of its own (see <see cref="SideOutputModel"/>).</summary>
        SideOutput,

        /// <summary>Not an operator: Rebalance, Broadcast or Forward, the exchange into the next chain (its uid is the exchange kind).</summary>
        Partition,
    }
}
