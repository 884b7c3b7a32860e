using HyperFlow.Windows;

namespace HyperFlow.Runtime.Tests.Windows;

/// <summary>
/// Global windows with a count trigger, modelled directly: every <c>count</c> elements of a key fire the
/// key's window with the elements it holds (all of them, or, when purging, those since the last firing).
/// </summary>
internal sealed class CountWindowReference<TOut>(long count, bool purging, Func<IReadOnlyList<long>, TOut> compute) : IWindowReference<TOut>
{
    private readonly Dictionary<long, (List<long> Values, long SinceFiring)> _keys = [];

    public void Add(long key, long value, long timestamp, List<WindowResult<long, TOut>> results, List<(long, long)> late)
    {
        if (!_keys.TryGetValue(key, out var state))
        {
            state = ([], 0);
        }

        state.Values.Add(value);
        state.SinceFiring++;
        if (state.SinceFiring == count)
        {
            results.Add(new WindowResult<long, TOut>(key, TimeWindow.Global, compute(state.Values)));
            state.SinceFiring = 0;
            if (purging)
            {
                state.Values.Clear();
            }
        }

        _keys[key] = state;
    }

    // Count windows do not follow time: a watermark changes nothing.
    public void AdvanceWatermark(long watermark, List<WindowResult<long, TOut>> results)
    {
    }
}
