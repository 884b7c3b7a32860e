namespace HyperFlow.Windows;

/// <summary>
/// The keys that have an entry in one slice of an aligned window operator: what a watermark walks to
/// fire the slice's windows and to clean the slice up. Pooled, so the list keeps its capacity.
/// </summary>
internal sealed class SliceKeys<TKey>
{
    public long End { get; set; }

    public List<TKey> Keys { get; } = [];
}
