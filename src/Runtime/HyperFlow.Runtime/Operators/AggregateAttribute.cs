namespace HyperFlow;

/// <summary>
/// Marks a static method as a keyed aggregate: it folds each event into the accumulator of its key, and the updated <c>(key, accumulator)</c> is emitted after each event (a running aggregate). Signature: <c>static void Name(ref TAcc accumulator, in T value)</c>.
/// </summary>
/// <remarks>
/// The HyperFlow source generator fuses the method into its chain: the method is called directly,
/// with no delegate or virtual call per event.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class AggregateAttribute : Attribute
{
    /// <summary>
    /// The operator's unique id in the job. State in checkpoints and savepoints is keyed by it, so set
    /// it explicitly on stateful operators to keep state across code changes. Defaults to the method name.
    /// </summary>
    public string? Uid { get; set; }
}
