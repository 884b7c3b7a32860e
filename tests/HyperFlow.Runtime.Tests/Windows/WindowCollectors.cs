using HyperFlow.Windows;

namespace HyperFlow.Runtime.Tests.Windows;

/// <summary>Collects a window operator's results.</summary>
internal sealed class ResultCollector<TKey, TOut> : IWindowOutput<TKey, TOut>
{
    public List<WindowResult<TKey, TOut>> Results { get; } = [];

    public void Emit(in WindowResult<TKey, TOut> result) => Results.Add(result);

    /// <summary>The results emitted since the last call, in a canonical order (the order among keys and windows of one step is not specified).</summary>
    public List<WindowResult<TKey, TOut>> Take()
    {
        List<WindowResult<TKey, TOut>> taken = [.. Results.OrderBy(r => r.Key).ThenBy(r => r.Window.Start).ThenBy(r => r.Window.End)];
        Results.Clear();
        return taken;
    }
}

/// <summary>Collects a window operator's late side output.</summary>
internal sealed class LateCollector<T> : ILateElementOutput<T>
{
    public List<(T Element, long Timestamp)> Elements { get; } = [];

    public void Emit(in T element, long timestamp) => Elements.Add((element, timestamp));

    public List<(T Element, long Timestamp)> Take()
    {
        List<(T, long)> taken = [.. Elements];
        Elements.Clear();
        return taken;
    }
}
