namespace HyperFlow.Graph;

/// <summary>One operator of a job, as the source generator compiled it.</summary>
/// <param name="Uid">The operator's unique id in the job (state is keyed by it).</param>
/// <param name="Kind">The kind of operator.</param>
/// <param name="Method">The user method it calls (<c>Type.Method</c>), or the source/sink name.</param>
/// <param name="InputType">The type of event the operator consumes; empty for a source.</param>
/// <param name="OutputType">The type of event the operator produces; empty for a sink.</param>
public sealed record OperatorDescriptor(string Uid, OperatorKind Kind, string Method, string InputType, string OutputType);
