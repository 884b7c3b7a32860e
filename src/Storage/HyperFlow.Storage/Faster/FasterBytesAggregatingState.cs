using System.Buffers;
using HyperFlow.Storage.Serialization;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// A FASTER-backed <see cref="AggregatingState{TIn, TOut}"/> for a key, input or accumulator type
/// with references. An add serializes the input and is one FASTER read-modify-write: inside it the
/// accumulator is deserialized, the input added and the accumulator serialized back (in place when
/// it fits, else into a new record).
/// </summary>
internal sealed class FasterBytesAggregatingState<TKey, TIn, TAcc, TOut, TAggregate>(
    FasterBytesStateTable<TKey, AggregateBytesFold<TIn, TAcc, TOut, TAggregate>> table,
    IStateSerializer<TIn> inputs,
    IStateSerializer<TAcc> accumulators)
    : AggregatingState<TIn, TOut>, IStateHandle
    where TKey : notnull
    where TAggregate : struct, IAggregateFunction<TIn, TAcc, TOut>
{
    public IStateTable Table => table;

    public override void Add(in TIn value)
    {
        table.Fold(inputs, value);
    }

    // The add, then a read of the accumulator: two FASTER operations.
    public override TOut AddAndGet(in TIn value)
    {
        Add(value);
        TryGet(out TOut result);
        return result;
    }

    public override bool TryGet(out TOut result)
    {
        if (!table.TryReadValue(accumulators, out var read))
        {
            result = default!;
            return false;
        }

        result = default(TAggregate).GetResult(read);
        return true;
    }

    public override void Clear() => table.Delete();
}
