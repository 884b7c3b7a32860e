using HyperFlow.Storage.State;

namespace HyperFlow.Storage.InMemory;

/// <summary>
/// The in-memory <see cref="AggregatingState{TIn, TOut}"/> (without a time to live): the accumulator
/// is updated in place in the table, with the aggregate function inlined. Public and sealed so that
/// generated operators can call it directly, without a virtual call per record, when the job runs on
/// the in-memory backend.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TIn">The input type.</typeparam>
/// <typeparam name="TAcc">The accumulator type.</typeparam>
/// <typeparam name="TOut">The result type.</typeparam>
/// <typeparam name="TAggregate">The aggregate function.</typeparam>
public sealed class InMemoryAggregatingState<TKey, TIn, TAcc, TOut, TAggregate> : AggregatingState<TIn, TOut>, IStateHandle
    where TKey : notnull
    where TAggregate : struct, IAggregateFunction<TIn, TAcc, TOut>
{
    private readonly CellTable<TKey, TAcc, PlainCell<TAcc>> _cells;

    internal InMemoryAggregatingState(CellTable<TKey, TAcc, PlainCell<TAcc>> cells) => _cells = cells;

    IStateTable IStateHandle.Table => _cells;

    /// <inheritdoc />
    public override void Add(in TIn value) => CellFolds.Aggregate<TKey, TIn, TAcc, TOut, TAggregate, PlainCell<TAcc>>(_cells, value);

    /// <inheritdoc />
    public override TOut AddAndGet(in TIn value) => CellFolds.Aggregate<TKey, TIn, TAcc, TOut, TAggregate, PlainCell<TAcc>>(_cells, value);

    /// <inheritdoc />
    public override bool TryGet(out TOut result) => CellFolds.TryGetResult<TKey, TIn, TAcc, TOut, TAggregate, PlainCell<TAcc>>(_cells, out result);

    /// <inheritdoc />
    public override void Clear() => _cells.Remove();
}
