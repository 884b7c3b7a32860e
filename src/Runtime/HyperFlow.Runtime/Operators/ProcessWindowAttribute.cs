namespace HyperFlow;

/// <summary>
/// Marks a static method that computes a window's results from all its elements when the window fires
/// (Flink's <c>ProcessWindowFunction</c>). Signature:
/// <c>static void Name(in TKey key, in WindowContext context, ReadOnlySpan&lt;T&gt; elements, Collector&lt;TOut&gt; output)</c>.
/// Use it with <see cref="IWindowedStream{TKey, T}.Process{TOut}"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ProcessWindowAttribute : Attribute
{
    /// <summary>
    /// The window operator's unique id in the job. State in checkpoints and savepoints is keyed by it,
    /// so set it explicitly to keep state across code changes. Defaults to the method name.
    /// </summary>
    public string? Uid { get; set; }
}
