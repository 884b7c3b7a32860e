using HyperFlow.Windows;

namespace HyperFlow.Generators.Tests.Windows;

/// <summary>
/// A global window per key with a count trigger: every <c>count</c> events of a key fire its window with
/// the values it holds (all of them, or, when purging, those since the last firing). Time plays no part.
/// </summary>
internal sealed class CountWindowReference(long count, bool purging, Func<IReadOnlyList<long>, long> compute) : IWindowReference
{
    private readonly Dictionary<long, (List<long> Values, long SinceFiring)> _keys = [];

    public void Add((long Key, long Value, long Time) e, List<WindowOut> results, List<(long Key, long Value, long Time)> late)
    {
        (List<long> values, long since) = _keys.TryGetValue(e.Key, out var state) ? state : ([], 0);
        values.Add(e.Value);
        if (++since == count)
        {
            results.Add(new WindowOut(e.Key, TimeWindow.Global.Start, TimeWindow.Global.End, compute(values)));
            since = 0;
            if (purging)
            {
                values.Clear();
            }
        }

        _keys[e.Key] = (values, since);
    }

    public void AdvanceWatermark(long watermark, List<WindowOut> results)
    {
    }
}
