using System.Runtime.CompilerServices;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.InMemory;

/// <summary>The folds of the in-memory reducing and aggregating states, shared by their variants with and without a time to live.</summary>
internal static class CellFolds
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TOut Aggregate<TKey, TIn, TAcc, TOut, TAggregate, TCell>(CellTable<TKey, TAcc, TCell> cells, in TIn value)
        where TKey : notnull
        where TAggregate : struct, IAggregateFunction<TIn, TAcc, TOut>
        where TCell : struct, ICell<TCell, TAcc>
        => Fold<TIn, TAcc, TOut, TAggregate>(ref cells.GetOrAdd(out bool added), added, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TOut Fold<TIn, TAcc, TOut, TAggregate>(ref TAcc accumulator, bool added, in TIn value)
        where TAggregate : struct, IAggregateFunction<TIn, TAcc, TOut>
    {
        if (added)
        {
            accumulator = default(TAggregate).CreateAccumulator();
        }

        default(TAggregate).Add(ref accumulator, value);
        return default(TAggregate).GetResult(accumulator);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Reduce<TKey, T, TReduce, TCell>(CellTable<TKey, T, TCell> cells, in T value)
        where TKey : notnull
        where TReduce : struct, IReduceFunction<T>
        where TCell : struct, ICell<TCell, T>
        => Fold<T, TReduce>(ref cells.GetOrAdd(out bool added), added, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Fold<T, TReduce>(ref T current, bool added, in T value)
        where TReduce : struct, IReduceFunction<T>
    {
        current = added ? value : default(TReduce).Reduce(current, value);
        return current;
    }

    public static bool TryGetResult<TKey, TIn, TAcc, TOut, TAggregate, TCell>(CellTable<TKey, TAcc, TCell> cells, out TOut result)
        where TKey : notnull
        where TAggregate : struct, IAggregateFunction<TIn, TAcc, TOut>
        where TCell : struct, ICell<TCell, TAcc>
    {
        if (TryGet(cells, out TAcc accumulator))
        {
            result = default(TAggregate).GetResult(accumulator);
            return true;
        }

        result = default!;
        return false;
    }

    public static bool TryGet<TKey, T, TCell>(CellTable<TKey, T, TCell> cells, out T value)
        where TKey : notnull
        where TCell : struct, ICell<TCell, T>
    {
        ref T found = ref cells.Find();
        if (Unsafe.IsNullRef(ref found))
        {
            value = default!;
            return false;
        }

        value = found;
        return true;
    }
}
