namespace HyperFlow;

/// <summary>
/// Marks a static method as a key selector: partitions the stream by the key it returns, so that all events of one key reach the same subtask. Signature: <c>static TKey Name(in T value)</c>; the key type must have a stable hash (integers, <see cref="string"/>, <see cref="System.Guid"/>).
/// </summary>
/// <remarks>
/// The HyperFlow source generator fuses the method into its chain: the method is called directly,
/// with no delegate or virtual call per event.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class KeyByAttribute : Attribute
{
    /// <summary>
    /// The operator's unique id in the job. State in checkpoints and savepoints is keyed by it, so set
    /// it explicitly on stateful operators to keep state across code changes. Defaults to the method name.
    /// </summary>
    public string? Uid { get; set; }
}
