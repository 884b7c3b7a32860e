using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.InMemory;

/// <summary>An in-memory <see cref="ListState{T}"/>: a <see cref="List{T}"/> per key.</summary>
internal sealed class InMemoryListState<TKey, T, TCell>(CellTable<TKey, List<T>, TCell> cells) : ListState<T>, IStateHandle
    where TKey : notnull
    where TCell : struct, ICell<TCell, List<T>>
{
    public IStateTable Table => cells;

    public override void Add(in T value) => (cells.GetOrAdd(out _) ??= []).Add(value);

    public override void AddRange(ReadOnlySpan<T> values)
    {
        if (!values.IsEmpty)
        {
            (cells.GetOrAdd(out _) ??= []).AddRange(values);
        }
    }

    public override ReadOnlySpan<T> Get()
    {
        ref List<T> list = ref cells.Find();
        return Unsafe.IsNullRef(ref list) || list is null ? [] : CollectionsMarshal.AsSpan(list);
    }

    public override void Update(ReadOnlySpan<T> values)
    {
        if (values.IsEmpty)
        {
            cells.Remove();
            return;
        }

        // A new list: the span may be a view of the old one (Update(Get()) after edits).
        var list = new List<T>(values.Length);
        list.AddRange(values);
        cells.GetOrAdd(out _) = list;
    }

    public override void Clear() => cells.Remove();
}
