using HyperFlow.Windows;

namespace HyperFlow.Runtime.Execution;

/// <summary>
/// Where the window operator of a generated chain emits its results. They wait here until the chain
/// runs them through its later operators (after each batch, watermark and processing-time turn), so
/// the operator never calls back into the chain while it fires, and a firing of many keys is handed on
/// in one tight loop. Reused: it allocates nothing once it has grown to the largest firing.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TOut">The result type.</typeparam>
public sealed class WindowResultBuffer<TKey, TOut> : IWindowOutput<TKey, TOut>
{
    private readonly Collector<WindowResult<TKey, TOut>> _results = new();

    /// <summary>The results emitted since the last <see cref="Clear"/>, in order.</summary>
    public ReadOnlySpan<WindowResult<TKey, TOut>> Items => _results.Items;

    /// <inheritdoc />
    public void Emit(in WindowResult<TKey, TOut> result) => _results.Emit(result);

    /// <summary>Forgets the results handed on.</summary>
    public void Clear() => _results.Clear();
}
