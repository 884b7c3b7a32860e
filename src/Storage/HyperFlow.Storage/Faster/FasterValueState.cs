using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Faster;

/// <summary>A FASTER-backed <see cref="ValueState{T}"/>.</summary>
internal sealed class FasterValueState<TKey, T, TCell>(FasterStateTable<TKey, T, TCell, TCell, ReplaceUpdater<TCell>> table) : ValueState<T>, IStateHandle
    where TKey : notnull
    where TCell : struct, ICell<TCell, T>
{
    public IStateTable Table => table;

    public override bool TryGet(out T value) => table.TryRead(out value);

    public override void Update(in T value) => table.Upsert(value);

    public override void Clear() => table.Delete();
}
