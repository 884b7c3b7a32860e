namespace HyperFlow;

/// <summary>
/// Marks a static method that combines two accumulators of an <see cref="AggregateAttribute"/> method
/// into one: sliding windows merge the accumulators of their slices, session windows those of the
/// sessions they join. Signature: <c>static TAcc Name(in TAcc left, in TAcc right)</c>. It must be
/// associative and give the same result in any order of the parts (a sum, a count, a min or max).
/// Use it with <see cref="IWindowedStream{TKey, T}.Aggregate{TAcc}(AggregateFunction{TAcc, T}, MergeFunction{TAcc})"/>.
/// </summary>
/// <remarks>
/// The HyperFlow source generator calls the method directly from the window operator's fold, with no
/// delegate or virtual call.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class MergeAttribute : Attribute
{
}
