using HyperFlow.Storage.State;

namespace HyperFlow.Storage.InMemory;

/// <summary>An in-memory <see cref="ValueState{T}"/>.</summary>
internal sealed class InMemoryValueState<TKey, T, TCell>(CellTable<TKey, T, TCell> cells) : ValueState<T>, IStateHandle
    where TKey : notnull
    where TCell : struct, ICell<TCell, T>
{
    public IStateTable Table => cells;

    public override bool TryGet(out T value) => CellFolds.TryGet(cells, out value);

    public override void Update(in T value) => cells.GetOrAdd(out _) = value;

    public override void Clear() => cells.Remove();
}
