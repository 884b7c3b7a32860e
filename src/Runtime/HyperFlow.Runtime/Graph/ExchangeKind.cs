namespace HyperFlow.Graph;

/// <summary>How records travel from one chain to the next.</summary>
public enum ExchangeKind
{
    /// <summary>Subtask <c>i</c> feeds subtask <c>i</c> of the next chain (one ring each).</summary>
    Forward,

    /// <summary>Each record goes to the subtask that owns its key's key group (N×M rings).</summary>
    Hash,

    /// <summary>Records are dealt round-robin over all subtasks of the next chain (N×M rings).</summary>
    Rebalance,

    /// <summary>Every record goes to every subtask of the next chain (N×M rings).</summary>
    Broadcast,
}
