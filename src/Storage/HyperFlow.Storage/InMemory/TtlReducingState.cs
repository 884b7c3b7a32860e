using HyperFlow.Storage.State;

namespace HyperFlow.Storage.InMemory;

/// <summary>An in-memory <see cref="ReducingState{T}"/> with a time to live.</summary>
internal sealed class TtlReducingState<TKey, T, TReduce>(CellTable<TKey, T, TtlCell<T>> cells) : ReducingState<T>, IStateHandle
    where TKey : notnull
    where TReduce : struct, IReduceFunction<T>
{
    public IStateTable Table => cells;

    public override void Add(in T value) => CellFolds.Reduce<TKey, T, TReduce, TtlCell<T>>(cells, value);

    public override T AddAndGet(in T value) => CellFolds.Reduce<TKey, T, TReduce, TtlCell<T>>(cells, value);

    public override bool TryGet(out T result) => CellFolds.TryGet(cells, out result);

    public override void Clear() => cells.Remove();
}
