using HyperFlow.Storage.State;

namespace HyperFlow.Storage.InMemory;

/// <summary>An in-memory <see cref="AggregatingState{TIn, TOut}"/> with a time to live.</summary>
internal sealed class TtlAggregatingState<TKey, TIn, TAcc, TOut, TAggregate>(CellTable<TKey, TAcc, TtlCell<TAcc>> cells) : AggregatingState<TIn, TOut>, IStateHandle
    where TKey : notnull
    where TAggregate : struct, IAggregateFunction<TIn, TAcc, TOut>
{
    public IStateTable Table => cells;

    public override void Add(in TIn value) => CellFolds.Aggregate<TKey, TIn, TAcc, TOut, TAggregate, TtlCell<TAcc>>(cells, value);

    public override TOut AddAndGet(in TIn value) => CellFolds.Aggregate<TKey, TIn, TAcc, TOut, TAggregate, TtlCell<TAcc>>(cells, value);

    public override bool TryGet(out TOut result) => CellFolds.TryGetResult<TKey, TIn, TAcc, TOut, TAggregate, TtlCell<TAcc>>(cells, out result);

    public override void Clear() => cells.Remove();
}
