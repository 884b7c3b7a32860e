using System.Runtime.CompilerServices;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.InMemory;

/// <summary>An in-memory <see cref="ReducingState{T}"/>: one lookup per add, the reduce function inlined.</summary>
internal sealed class InMemoryReducingState<TKey, T, TReduce, TCell>(CellTable<TKey, T, TCell> cells) : ReducingState<T>, IStateHandle
    where TKey : notnull
    where TCell : struct, ICell<TCell, T>
    where TReduce : struct, IReduceFunction<T>
{
    public IStateTable Table => cells;

    public override void Add(in T value) => AddAndGet(value);

    public override T AddAndGet(in T value)
    {
        ref T current = ref cells.GetOrAdd(out bool added);
        current = added ? value : default(TReduce).Reduce(current, value);
        return current;
    }

    public override bool TryGet(out T result)
    {
        ref T found = ref cells.Find();
        if (Unsafe.IsNullRef(ref found))
        {
            result = default!;
            return false;
        }

        result = found;
        return true;
    }

    public override void Clear() => cells.Remove();
}
