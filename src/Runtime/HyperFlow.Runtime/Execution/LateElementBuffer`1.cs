using HyperFlow.Windows;

namespace HyperFlow.Runtime.Execution;

/// <summary>
/// Where the window operator of a generated chain emits elements later than the allowed lateness, with
/// their timestamps, until the chain runs them through the late stream's operators into its sink
/// (see <see cref="IWindowedStream{TKey, T}.LateData"/>). Reused: it allocates nothing once grown.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class LateElementBuffer<T> : ILateElementOutput<T>
{
    private readonly Collector<Timestamped<T>> _elements = new();

    /// <summary>The late elements emitted since the last <see cref="Clear"/>, in order, with their timestamps.</summary>
    public ReadOnlySpan<Timestamped<T>> Items => _elements.Items;

    /// <inheritdoc />
    public void Emit(in T element, long timestamp) => _elements.Emit(new Timestamped<T>(element, timestamp));

    /// <summary>Forgets the elements handed on.</summary>
    public void Clear() => _elements.Clear();
}
