namespace HyperFlow.Windows;

/// <summary>
/// One result of a window: for a key and window, the value computed when the window fired. A late
/// firing (an element arriving within the allowed lateness) emits the updated value for the same key
/// and window again.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TOut">The value type.</typeparam>
/// <param name="Key">The key.</param>
/// <param name="Window">The window.</param>
/// <param name="Value">The value.</param>
public readonly record struct WindowResult<TKey, TOut>(TKey Key, TimeWindow Window, TOut Value)
{
    /// <summary>The result's event timestamp: the window's <see cref="TimeWindow.MaxTimestamp"/>, as in Flink.</summary>
    public long Timestamp => Window.MaxTimestamp;
}
