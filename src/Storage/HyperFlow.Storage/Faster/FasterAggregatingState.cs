using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Faster;

/// <summary>A FASTER-backed <see cref="AggregatingState{TIn, TOut}"/>: an add is one FASTER read-modify-write with the aggregate function inlined.</summary>
internal sealed class FasterAggregatingState<TKey, TIn, TAcc, TOut, TAggregate, TCell>(
    FasterStateTable<TKey, TAcc, TCell, FasterFoldInput<TIn>, AggregateUpdater<TIn, TAcc, TOut, TAggregate, TCell>> table)
    : AggregatingState<TIn, TOut>, IStateHandle
    where TKey : notnull
    where TAggregate : struct, IAggregateFunction<TIn, TAcc, TOut>
    where TCell : struct, ICell<TCell, TAcc>
{
    public IStateTable Table => table;

    public override void Add(in TIn value)
    {
        long now = table.Now;
        table.Rmw(new FasterFoldInput<TIn>(value, now, table.ExpiresAt(now)));
    }

    public override TOut AddAndGet(in TIn value)
    {
        Add(value);
        table.TryRead(out TAcc accumulator);
        return default(TAggregate).GetResult(accumulator);
    }

    public override bool TryGet(out TOut result)
    {
        if (table.TryRead(out TAcc accumulator))
        {
            result = default(TAggregate).GetResult(accumulator);
            return true;
        }

        result = default!;
        return false;
    }

    public override void Clear() => table.Delete();
}
