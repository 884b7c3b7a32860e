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

        /// <summary>Not an operator: Rebalance, Broadcast or Forward, the exchange into the next chain (its uid is the exchange kind).</summary>
        Partition,
    }
}
