using HyperFlow.Windows;

namespace HyperFlow.Runtime.Tests.Windows;

/// <summary>A process function: the window's values, sorted (so the order the operator buffers them in does not matter).</summary>
internal sealed class SortedValuesFunction : IProcessWindowFunction<long, long, string>
{
    public void Process(in long key, in WindowContext context, ReadOnlySpan<long> elements, Collector<string> output)
        => output.Emit(ValuesAggregate.Format(elements.ToArray()));
}
