using System.Runtime.CompilerServices;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.InMemory;

/// <summary>An in-memory <see cref="AggregatingState{TIn, TOut}"/>: the accumulator updated in place, the aggregate function inlined.</summary>
internal sealed class InMemoryAggregatingState<TKey, TIn, TAcc, TOut, TAggregate, TCell>(CellTable<TKey, TAcc, TCell> cells) : AggregatingState<TIn, TOut>, IStateHandle
    where TKey : notnull
    where TCell : struct, ICell<TCell, TAcc>
    where TAggregate : struct, IAggregateFunction<TIn, TAcc, TOut>
{
    public IStateTable Table => cells;

    public override void Add(in TIn value) => AddAndGet(value);

    public override TOut AddAndGet(in TIn value)
    {
        ref TAcc accumulator = ref cells.GetOrAdd(out bool added);
        if (added)
        {
            accumulator = default(TAggregate).CreateAccumulator();
        }

        default(TAggregate).Add(ref accumulator, value);
        return default(TAggregate).GetResult(accumulator);
    }

    public override bool TryGet(out TOut result)
    {
        ref TAcc found = ref cells.Find();
        if (Unsafe.IsNullRef(ref found))
        {
            result = default!;
            return false;
        }

        result = default(TAggregate).GetResult(found);
        return true;
    }

    public override void Clear() => cells.Remove();
}
