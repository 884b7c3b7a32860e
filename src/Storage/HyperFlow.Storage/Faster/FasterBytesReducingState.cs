using System.Buffers;
using HyperFlow.Storage.Serialization;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// A FASTER-backed <see cref="ReducingState{T}"/> for a key or value type with references. An add
/// serializes the value and is one FASTER read-modify-write: inside it the stored value is
/// deserialized, reduced and serialized back (in place when it fits, else into a new record), so it
/// allocates what deserializing the two values needs and nothing else.
/// </summary>
internal sealed class FasterBytesReducingState<TKey, T, TReduce>(FasterBytesStateTable<TKey, ReduceBytesFold<T, TReduce>> table, IStateSerializer<T> values)
    : ReducingState<T>, IStateHandle
    where TKey : notnull
    where TReduce : struct, IReduceFunction<T>
{
    public IStateTable Table => table;

    public override void Add(in T value)
    {
        table.Fold(values, value);
    }

    // The add, then a read of the result: two FASTER operations.
    public override T AddAndGet(in T value)
    {
        Add(value);
        TryGet(out T result);
        return result;
    }

    public override bool TryGet(out T result)
    {
        return table.TryReadValue(values, out result);
    }

    public override void Clear() => table.Delete();
}
