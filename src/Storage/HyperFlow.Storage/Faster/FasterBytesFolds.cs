using System.Buffers;
using HyperFlow.Storage.Serialization;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// How a <see cref="FasterBytesTable{TFold}"/> folds an operand into a serialized value inside
/// FASTER's read-modify-write. A struct type argument of the table's functions, so the fold and the
/// state's reduce or aggregate function are called directly.
/// </summary>
internal interface IFasterBytesFold
{
    /// <summary>Writes the payload of a key that had no value, from the first operand folded in.</summary>
    void Initial(ReadOnlyMemory<byte> operand, IBufferWriter<byte> output);

    /// <summary>Writes the payload after folding <paramref name="operand"/> into <paramref name="current"/>.</summary>
    void Update(ReadOnlyMemory<byte> current, ReadOnlyMemory<byte> operand, IBufferWriter<byte> output);
}

/// <summary>The fold of tables that never fold (value, list and map state).</summary>
internal readonly struct NoBytesFold : IFasterBytesFold
{
    public void Initial(ReadOnlyMemory<byte> operand, IBufferWriter<byte> output) => throw new InvalidOperationException("This FASTER table holds no reducing or aggregating state.");

    public void Update(ReadOnlyMemory<byte> current, ReadOnlyMemory<byte> operand, IBufferWriter<byte> output) => Initial(operand, output);
}

/// <summary>Reduces a serialized value into the stored one.</summary>
internal readonly struct ReduceBytesFold<T, TReduce>(IStateSerializer<T> values) : IFasterBytesFold
    where TReduce : struct, IReduceFunction<T>
{
    // The first value is stored as it came: its bytes are already the serialized value.
    public void Initial(ReadOnlyMemory<byte> operand, IBufferWriter<byte> output) => output.Write(operand.Span);

    public void Update(ReadOnlyMemory<byte> current, ReadOnlyMemory<byte> operand, IBufferWriter<byte> output)
    {
        T reduced = default(TReduce).Reduce(values.Deserialize(current), values.Deserialize(operand));
        values.Serialize(reduced, output);
    }
}

/// <summary>Adds a serialized input to the stored, serialized accumulator.</summary>
internal readonly struct AggregateBytesFold<TIn, TAcc, TOut, TAggregate>(IStateSerializer<TIn> inputs, IStateSerializer<TAcc> accumulators) : IFasterBytesFold
    where TAggregate : struct, IAggregateFunction<TIn, TAcc, TOut>
{
    public void Initial(ReadOnlyMemory<byte> operand, IBufferWriter<byte> output)
    {
        TAcc accumulator = default(TAggregate).CreateAccumulator();
        default(TAggregate).Add(ref accumulator, inputs.Deserialize(operand));
        accumulators.Serialize(accumulator, output);
    }

    public void Update(ReadOnlyMemory<byte> current, ReadOnlyMemory<byte> operand, IBufferWriter<byte> output)
    {
        TAcc accumulator = accumulators.Deserialize(current);
        default(TAggregate).Add(ref accumulator, inputs.Deserialize(operand));
        accumulators.Serialize(accumulator, output);
    }
}
