using HyperFlow.Storage.State;

namespace HyperFlow.Windows;

/// <summary>A window's contents as one accumulator, folded as elements arrive.</summary>
internal sealed class FoldContents<TKey, TIn, TAcc, TOut, TFold>(KeyedStateStore<WindowKey<TKey>> store) : WindowContents<TKey, TIn, TOut>
    where TKey : notnull
    where TFold : struct, IWindowFold<TIn, TAcc, TOut>
{
    private readonly ValueState<TAcc> _state = store.GetValueState(new ValueStateDescriptor<TAcc>(StateName));

    public override bool CanMerge => default(TFold).CanMerge;

    public override void Add(in TIn value)
    {
        if (_state.TryGet(out TAcc accumulator))
        {
            default(TFold).Add(ref accumulator, value);
        }
        else
        {
            accumulator = default(TFold).First(value);
        }

        _state.Update(accumulator);
    }

    public override void Emit(in TKey key, in WindowContext context, IWindowOutput<TKey, TOut> output)
    {
        if (_state.TryGet(out TAcc accumulator))
        {
            output.Emit(new WindowResult<TKey, TOut>(key, context.Window, default(TFold).Result(accumulator)));
        }
    }

    public override void Clear() => _state.Clear();

    public override void Merge(KeyedStateStore<WindowKey<TKey>> store, in TKey key, ulong hash, TimeWindow target, IReadOnlyList<TimeWindow> sources)
    {
        bool any = false;
        TAcc merged = default!;
        foreach (TimeWindow source in sources)
        {
            store.SetCurrentKey(new WindowKey<TKey>(key, source), hash);
            if (_state.TryGet(out TAcc accumulator))
            {
                merged = any ? default(TFold).Merge(merged, accumulator) : accumulator;
                any = true;
                _state.Clear();
            }
        }

        store.SetCurrentKey(new WindowKey<TKey>(key, target), hash);
        if (any)
        {
            _state.Update(_state.TryGet(out TAcc existing) ? default(TFold).Merge(existing, merged) : merged);
        }
    }
}
