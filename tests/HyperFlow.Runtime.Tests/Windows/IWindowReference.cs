using HyperFlow.Windows;

namespace HyperFlow.Runtime.Tests.Windows;

/// <summary>A reference model of a window operator over long keys and values.</summary>
internal interface IWindowReference<TOut>
{
    void Add(long key, long value, long timestamp, List<WindowResult<long, TOut>> results, List<(long, long)> late);

    void AdvanceWatermark(long watermark, List<WindowResult<long, TOut>> results);
}
