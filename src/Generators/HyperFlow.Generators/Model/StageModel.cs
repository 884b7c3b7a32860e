namespace HyperFlow.Generators.Model
{
    /// <summary>
    /// One stage of a pipeline declaration, reduced to strings: types are fully qualified
    /// (<c>global::</c>) for emitting and short for display.
    /// </summary>
    /// <param name="Kind">The stage kind.</param>
    /// <param name="Uid">The operator uid.</param>
    /// <param name="Display">What the stage calls, for comments and the job graph (<c>Type.Method</c> or the source/sink name).</param>
    /// <param name="Call">The fully qualified method to call; empty for sources and sinks.</param>
    /// <param name="InType">The input event type; empty for a source.</param>
    /// <param name="OutType">The output event type; for a sink, its input.</param>
    /// <param name="InDisplay">The short input type name.</param>
    /// <param name="OutDisplay">The short output type name.</param>
    /// <param name="KeyType">For KeyBy and Aggregate, the key type.</param>
    /// <param name="AccType">For Aggregate, the accumulator type.</param>
    /// <param name="KeyCall">For Aggregate, the fully qualified key selector to call.</param>
    /// <param name="Watermarks">For Timestamp, how watermarks are generated; null for the other kinds.</param>
    /// <param name="Window">For Window, the assigner, function and options; null for the other kinds.</param>
    /// <param name="Process">For Process, the function class and its methods; null for the other kinds.</param>
    /// <param name="SideOutput">For SideOutput, the tag and the stream that continues it; null for the other kinds.</param>
    internal sealed record StageModel(
        StageKind Kind,
        string Uid,
        string Display,
        string Call,
        string InType,
        string OutType,
        string InDisplay,
        string OutDisplay,
        string KeyType,
        string AccType,
        string KeyCall,
        WatermarkModel? Watermarks = null,
        WindowModel? Window = null,
        ProcessModel? Process = null,
        SideOutputModel? SideOutput = null);
}
