using HyperFlow.Storage.State;

namespace HyperFlow.Storage.InMemory;

/// <summary>
/// The in-memory <see cref="ReducingState{T}"/> (without a time to live): one lookup per add, the
/// reduce function inlined. Public and sealed so that generated operators call it directly, without
/// a virtual call per record, when the job runs on the in-memory backend.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="T">The value type.</typeparam>
/// <typeparam name="TReduce">The reduce function.</typeparam>
public sealed class InMemoryReducingState<TKey, T, TReduce> : ReducingState<T>, IStateHandle
    where TKey : notnull
    where TReduce : struct, IReduceFunction<T>
{
    private readonly CellTable<TKey, T, PlainCell<T>> _cells;

    internal InMemoryReducingState(CellTable<TKey, T, PlainCell<T>> cells) => _cells = cells;

    IStateTable IStateHandle.Table => _cells;

    /// <inheritdoc />
    public override void Add(in T value) => CellFolds.Reduce<TKey, T, TReduce, PlainCell<T>>(_cells, value);

    /// <inheritdoc />
    public override T AddAndGet(in T value) => CellFolds.Reduce<TKey, T, TReduce, PlainCell<T>>(_cells, value);

    /// <inheritdoc />
    public override bool TryGet(out T result) => CellFolds.TryGet(_cells, out result);

    /// <inheritdoc />
    public override void Clear() => _cells.Remove();
}
