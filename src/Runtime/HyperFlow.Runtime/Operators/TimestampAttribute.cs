namespace HyperFlow;

/// <summary>
/// Marks a static method as a timestamp assigner: it gives each event its event-time timestamp
/// (usually milliseconds since the Unix epoch). Signature: <c>static long Name(in T value)</c>. Use it
/// with <see cref="IStream{T}.Timestamps(TimestampFunction{T}, long, long)"/>.
/// </summary>
/// <remarks>
/// The HyperFlow source generator fuses the method into its chain: the method is called directly,
/// with no delegate or virtual call per event.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class TimestampAttribute : Attribute
{
    /// <summary>The operator's unique id in the job. Defaults to the method name.</summary>
    public string? Uid { get; set; }
}
