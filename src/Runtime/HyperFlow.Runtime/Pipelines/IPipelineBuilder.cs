namespace HyperFlow;

/// <summary>
/// The start of a pipeline declaration in a <see cref="PipelineAttribute"/> method.
/// </summary>
/// <remarks>
/// Pipeline declarations are compiled, not executed: the HyperFlow source generator reads the fluent
/// chain at build time and the C# compiler checks its types. There is deliberately no implementation
/// of this interface to call at run time; sources and sinks are bound by name on the
/// <see cref="JobHost"/>.
/// </remarks>
public interface IPipelineBuilder
{
    /// <summary>Declares a source: the stream of events bound under <paramref name="source"/> when the job runs.</summary>
    /// <typeparam name="T">The event type the source produces.</typeparam>
    /// <param name="source">The source's name, which is also its operator uid.</param>
    /// <returns>The source's stream.</returns>
    IStream<T> From<T>(string source);
}
