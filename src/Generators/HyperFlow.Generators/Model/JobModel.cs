namespace HyperFlow.Generators.Model
{
    /// <summary>
    /// A parsed <c>[Job]</c> class: where to emit, the job name and its stages in declaration order.
    /// <see cref="Stages"/> is empty when the declaration has errors (then only diagnostics are reported).
    /// </summary>
    internal sealed record JobModel(
        string Namespace,
        string ClassName,
        string JobName,
        EquatableArray<StageModel> Stages,
        EquatableArray<DiagnosticInfo> Diagnostics);
}
