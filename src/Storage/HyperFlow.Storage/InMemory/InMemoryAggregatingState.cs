using System.Runtime.CompilerServices;
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

    /// <summary>
    /// Folds an input into the accumulator of the given key and returns the result: the same as
    /// setting the current key and calling <see cref="AddAndGet(in TIn)"/>, for generated operators
    /// that hold the key already (it stays in a register).
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The input.</param>
    /// <returns>The result after the input was folded in.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TOut AddAndGet(TKey key, in TIn value)
    {
        CellTable<TKey, TAcc, PlainCell<TAcc>> cells = _cells;
        int count = cells.Count;
        ref TAcc accumulator = ref cells.GetOrAddPlain(key);
        return CellFolds.Fold<TIn, TAcc, TOut, TAggregate>(ref accumulator, cells.Count != count, value);
    }

    /// <summary>
    /// The accumulators themselves, for an operator that updates them in its own inner loop (the
    /// aligned window operator): one probe of the table per record, without this handle's layers.
    /// Writes through it are counted in the store's statistics only by <see cref="CountWrites"/>.
    /// </summary>
    public InMemoryAccumulators<TKey, TAcc> Accumulators => new(_cells.Table);

    /// <summary>Counts writes made through <see cref="Accumulators"/> in the store's statistics.</summary>
    /// <param name="writes">The number of writes.</param>
    public void CountWrites(long writes) => _cells.CountWrites(writes);

    /// <inheritdoc />
    public override bool TryGet(out TOut result) => CellFolds.TryGetResult<TKey, TIn, TAcc, TOut, TAggregate, PlainCell<TAcc>>(_cells, out result);

    /// <inheritdoc />
    public override void Clear() => _cells.Remove();
}
