using HyperFlow.Storage.State;
using HyperFlow.Timers;

namespace HyperFlow.Windows;

/// <summary>
/// The <see cref="TriggerContext"/> of <see cref="WindowOperator{TKey, TIn, TOut}"/>: one per operator,
/// bound to a key and window before each trigger call. The operator sets the store's current key to
/// (key, window) before the call, so the trigger's state handles act on it.
/// </summary>
internal sealed class OperatorTriggerContext<TKey>(KeyedStateStore<WindowKey<TKey>> store, TimerService<TKey, TimeWindow> timers, TimeProvider clock) : TriggerContext
    where TKey : notnull
{
    private TKey _key = default!;
    private ulong _hash;
    private TimeWindow _window;
    private IReadOnlyList<TimeWindow> _merged = [];

    public long Watermark { get; set; } = long.MinValue;

    public override long CurrentWatermark => Watermark;

    public override long CurrentProcessingTime => clock.GetUtcNow().ToUnixTimeMilliseconds();

    public override IReadOnlyList<TimeWindow> MergedWindows => _merged;

    public void Bind(TKey key, ulong hash, TimeWindow window, IReadOnlyList<TimeWindow>? merged = null)
    {
        _key = key;
        _hash = hash;
        _window = window;
        _merged = merged ?? [];
    }

    public override void RegisterEventTimeTimer(long time) => timers.RegisterEventTimeTimer(_key, _hash, _window, time);

    public override void DeleteEventTimeTimer(long time) => timers.DeleteEventTimeTimer(_key, _hash, _window, time);

    public override void RegisterProcessingTimeTimer(long time) => timers.RegisterProcessingTimeTimer(_key, _hash, _window, time);

    public override void DeleteProcessingTimeTimer(long time) => timers.DeleteProcessingTimeTimer(_key, _hash, _window, time);

    public override ValueState<T> GetState<T>(ValueStateDescriptor<T> descriptor) => store.GetValueState(descriptor);

    public override void MergeState<T>(ValueStateDescriptor<T> descriptor, Func<T, T, T> merge)
    {
        ArgumentNullException.ThrowIfNull(merge);
        ValueState<T> state = store.GetValueState(descriptor);
        bool any = false;
        T merged = default!;
        foreach (TimeWindow source in _merged)
        {
            store.SetCurrentKey(new WindowKey<TKey>(_key, source), _hash);
            if (state.TryGet(out T value))
            {
                merged = any ? merge(merged, value) : value;
                any = true;
                state.Clear();
            }
        }

        store.SetCurrentKey(new WindowKey<TKey>(_key, _window), _hash);
        if (any)
        {
            state.Update(state.TryGet(out T existing) ? merge(existing, merged) : merged);
        }
    }
}
