using System.Runtime.CompilerServices;
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

    /// <summary>
    /// Reduces a value into the given key's value and returns the result: the same as setting the
    /// current key and calling <see cref="AddAndGet(in T)"/>, for generated operators that hold the
    /// key already.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value added.</param>
    /// <returns>The reduced value.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T AddAndGet(TKey key, in T value)
    {
        CellTable<TKey, T, PlainCell<T>> cells = _cells;
        int count = cells.Count;
        ref T current = ref cells.GetOrAddPlain(key);
        return CellFolds.Fold<T, TReduce>(ref current, cells.Count != count, value);
    }

    /// <inheritdoc />
    public override bool TryGet(out T result) => CellFolds.TryGet(_cells, out result);

    /// <inheritdoc />
    public override void Clear() => _cells.Remove();
}
