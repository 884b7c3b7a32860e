namespace HyperFlow.Graph;

/// <summary>How events travel from one chain to the next.</summary>
public enum ExchangeKind
{
    /// <summary>Subtask <c>i</c> feeds subtask <c>i</c> of the next chain.</summary>
    Forward,

    /// <summary>Each event goes to the subtask that owns its key's key group (N×M rings).</summary>
    Hash,
}
