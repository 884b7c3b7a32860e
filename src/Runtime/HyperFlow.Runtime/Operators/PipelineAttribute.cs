namespace HyperFlow;

/// <summary>
/// Marks the static method that declares a job's pipeline. Signature:
/// <c>static void Name(IPipelineBuilder p)</c>, whose body is one fluent chain starting at
/// <see cref="IPipelineBuilder.From{T}(string)"/>.
/// </summary>
/// <remarks>
/// The declaration is read at build time by the HyperFlow source generator, which turns it into fused
/// code and a job graph; the C# compiler type-checks it, so a type mismatch between two stages is a
/// compile error. The method is never called at run time.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class PipelineAttribute : Attribute
{
}
