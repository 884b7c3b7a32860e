using System.Runtime.CompilerServices;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.InMemory;

/// <summary>An in-memory <see cref="MapState{TUserKey, TUserValue}"/>: a <see cref="Dictionary{TKey, TValue}"/> per key.</summary>
internal sealed class InMemoryMapState<TKey, TUserKey, TUserValue, TCell>(CellTable<TKey, Dictionary<TUserKey, TUserValue>, TCell> cells)
    : MapState<TUserKey, TUserValue>, IStateHandle
    where TKey : notnull
    where TCell : struct, ICell<TCell, Dictionary<TUserKey, TUserValue>>
    where TUserKey : notnull
{
    public IStateTable Table => cells;

    public override int Count
    {
        get
        {
            ref Dictionary<TUserKey, TUserValue> map = ref cells.Find();
            return Unsafe.IsNullRef(ref map) || map is null ? 0 : map.Count;
        }
    }

    public override bool TryGet(in TUserKey key, out TUserValue value)
    {
        ref Dictionary<TUserKey, TUserValue> map = ref cells.Find();
        if (Unsafe.IsNullRef(ref map) || map is null)
        {
            value = default!;
            return false;
        }

        return map.TryGetValue(key, out value!);
    }

    public override void Put(in TUserKey key, in TUserValue value) => (cells.GetOrAdd(out _) ??= [])[key] = value;

    public override bool Remove(in TUserKey key)
    {
        ref Dictionary<TUserKey, TUserValue> map = ref cells.Find();
        if (Unsafe.IsNullRef(ref map) || map is null || !map.Remove(key))
        {
            return false;
        }

        if (map.Count == 0)
        {
            cells.Remove();
        }

        return true;
    }

    public override IEnumerable<KeyValuePair<TUserKey, TUserValue>> Entries()
    {
        ref Dictionary<TUserKey, TUserValue> map = ref cells.Find();
        return Unsafe.IsNullRef(ref map) || map is null ? [] : map;
    }

    public override void Clear() => cells.Remove();
}
