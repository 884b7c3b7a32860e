namespace HyperFlow.Generators.Model
{
    /// <summary>What a window computes: nothing yet while its options are being declared, then a fold or a process function.</summary>
    internal enum WindowFunction
    {
        None,
        Aggregate,
        Reduce,
        Process,
    }
}
