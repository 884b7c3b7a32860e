namespace HyperFlow.Windows;

/// <summary>Where a window operator emits its results (the engine forwards them downstream).</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TOut">The result type.</typeparam>
public interface IWindowOutput<TKey, TOut>
{
    /// <summary>Emits one result; its timestamp is <see cref="WindowResult{TKey, TOut}.Timestamp"/>.</summary>
    /// <param name="result">The key, window and value.</param>
    void Emit(in WindowResult<TKey, TOut> result);
}
