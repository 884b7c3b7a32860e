namespace HyperFlow.Graph;

/// <summary>
/// A chain: consecutive operators the source generator fused into one method, run by one task per
/// subtask.
/// </summary>
/// <param name="Id">The chain's index in <see cref="JobGraph.Chains"/>.</param>
/// <param name="Operators">The fused operators, in order.</param>
/// <param name="Input">How the chain's input arrives from the previous chain; <see cref="ExchangeKind.Forward"/> for a chain that starts at a source.</param>
public sealed record ChainDescriptor(int Id, IReadOnlyList<OperatorDescriptor> Operators, ExchangeKind Input)
{
    /// <summary>A readable name: the operator uids joined by arrows.</summary>
    public string Name => string.Join(" -> ", Operators.Select(static o => o.Uid));
}
