namespace HyperFlow.Generators.Model
{
    /// <summary>The kinds of pipeline stage; names match HyperFlow.Graph.OperatorKind.</summary>
    internal enum StageKind
    {
        Source,
        Map,
        Filter,
        KeyBy,
        Aggregate,
        Sink,
    }
}
