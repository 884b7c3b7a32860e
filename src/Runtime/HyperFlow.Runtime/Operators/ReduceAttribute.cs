namespace HyperFlow;

/// <summary>
/// Marks a static method as a keyed reduce: the first event of a key is its value; each later event is combined with it, and the new value is emitted after each event (a running reduce). Signature: <c>static T Name(in T accumulator, in T value)</c>.
/// </summary>
/// <remarks>
/// The HyperFlow source generator fuses the method into its chain: the method is called directly,
/// with no delegate or virtual call per event.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ReduceAttribute : Attribute
{
    /// <summary>
    /// The operator's unique id in the job. State in checkpoints and savepoints is keyed by it, so set
    /// it explicitly on stateful operators to keep state across code changes. Defaults to the method name.
    /// </summary>
    public string? Uid { get; set; }
}
