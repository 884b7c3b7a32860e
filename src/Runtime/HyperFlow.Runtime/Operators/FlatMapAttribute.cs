namespace HyperFlow;

/// <summary>
/// Marks a static method as a flat-map operator: zero, one or many outputs per input, emitted through a <see cref="Collector{T}"/> without allocation. Signature: <c>static void Name(in TIn value, Collector&lt;TOut&gt; output)</c>.
/// </summary>
/// <remarks>
/// The HyperFlow source generator fuses the method into its chain: the method is called directly,
/// with no delegate or virtual call per event.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class FlatMapAttribute : Attribute
{
    /// <summary>
    /// The operator's unique id in the job. State in checkpoints and savepoints is keyed by it, so set
    /// it explicitly on stateful operators to keep state across code changes. Defaults to the method name.
    /// </summary>
    public string? Uid { get; set; }
}
