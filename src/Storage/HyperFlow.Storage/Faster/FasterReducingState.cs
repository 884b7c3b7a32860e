using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Faster;

/// <summary>A FASTER-backed <see cref="ReducingState{T}"/>: an add is one FASTER read-modify-write with the reduce function inlined.</summary>
internal sealed class FasterReducingState<TKey, T, TReduce, TCell>(FasterStateTable<TKey, T, TCell, FasterFoldInput<T>, ReduceUpdater<T, TReduce, TCell>> table)
    : ReducingState<T>, IStateHandle
    where TKey : notnull
    where TReduce : struct, IReduceFunction<T>
    where TCell : struct, ICell<TCell, T>
{
    public IStateTable Table => table;

    public override void Add(in T value)
    {
        long now = table.Now;
        table.Rmw(new FasterFoldInput<T>(value, now, table.ExpiresAt(now)));
    }

    public override T AddAndGet(in T value)
    {
        Add(value);
        table.TryRead(out T result);
        return result;
    }

    public override bool TryGet(out T result) => table.TryRead(out result);

    public override void Clear() => table.Delete();
}
