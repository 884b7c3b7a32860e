namespace HyperFlow.Generators.Tests.Windows;

/// <summary>What the windowed test jobs write for each window result: key, window bounds and value, with the result's timestamp.</summary>
internal readonly record struct WindowOut(long Key, long Start, long End, long Value) : IComparable<WindowOut>
{
    /// <summary>The result's event timestamp: the window's end − 1.</summary>
    public long Timestamp => End - 1;

    public int CompareTo(WindowOut other) => (Key, Start, End, Value).CompareTo((other.Key, other.Start, other.End, other.Value));
}
