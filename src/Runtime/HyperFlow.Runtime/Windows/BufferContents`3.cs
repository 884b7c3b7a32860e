using System.Runtime.InteropServices;
using HyperFlow.Storage.State;

namespace HyperFlow.Windows;

/// <summary>A window's contents as its elements, in list state, handed to a process function when it fires.</summary>
internal sealed class BufferContents<TKey, TIn, TOut>(KeyedStateStore<WindowKey<TKey>> store, IProcessWindowFunction<TKey, TIn, TOut> function) : WindowContents<TKey, TIn, TOut>
    where TKey : notnull
{
    private readonly ListState<TIn> _state = store.GetListState(new ListStateDescriptor<TIn>(StateName));
    private readonly Collector<TOut> _collector = new();
    private readonly List<TIn> _merged = [];

    public override bool CanMerge => true;

    public override void Add(in TIn value) => _state.Add(value);

    public override void Emit(in TKey key, in WindowContext context, IWindowOutput<TKey, TOut> output)
    {
        ReadOnlySpan<TIn> elements = _state.Get();
        if (elements.IsEmpty)
        {
            return;
        }

        _collector.Clear();
        function.Process(key, context, elements, _collector);
        foreach (TOut result in _collector.Items)
        {
            output.Emit(new WindowResult<TKey, TOut>(key, context.Window, result));
        }

        _collector.Clear();
    }

    public override void Clear() => _state.Clear();

    public override void Merge(KeyedStateStore<WindowKey<TKey>> store, in TKey key, ulong hash, TimeWindow target, IReadOnlyList<TimeWindow> sources)
    {
        _merged.Clear();
        foreach (TimeWindow source in sources)
        {
            store.SetCurrentKey(new WindowKey<TKey>(key, source), hash);
            _merged.AddRange(_state.Get());
            _state.Clear();
        }

        store.SetCurrentKey(new WindowKey<TKey>(key, target), hash);
        _state.AddRange(CollectionsMarshal.AsSpan(_merged));
        _merged.Clear();
    }
}
