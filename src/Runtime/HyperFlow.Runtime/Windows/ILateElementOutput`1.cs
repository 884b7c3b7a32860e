namespace HyperFlow.Windows;

/// <summary>
/// The side output of a window operator for elements that arrive later than the allowed lateness
/// (every window they belong to has been cleaned up), as Flink's <c>sideOutputLateData</c>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public interface ILateElementOutput<T>
{
    /// <summary>Emits a late element.</summary>
    /// <param name="element">The element.</param>
    /// <param name="timestamp">Its event timestamp.</param>
    void Emit(in T element, long timestamp);
}
