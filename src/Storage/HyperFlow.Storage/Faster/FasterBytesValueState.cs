using System.Buffers;
using HyperFlow.Storage.Serialization;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// A FASTER-backed <see cref="ValueState{T}"/> for a key or value type with references: the value
/// is stored serialized (<see cref="StateSerializers.For{T}"/>). A read copies the value's bytes
/// out of FASTER and deserializes them; an update serializes into a reused buffer and is one FASTER
/// read-modify-write, in place when the record is mutable and the new bytes fit where the old were.
/// </summary>
internal sealed class FasterBytesValueState<TKey, T>(FasterBytesStateTable<TKey, NoBytesFold> table) : ValueState<T>, IStateHandle
    where TKey : notnull
{
    private readonly IStateSerializer<T> _values = StateSerializers.For<T>();

    public IStateTable Table => table;

    public override bool TryGet(out T value)
    {
        return table.TryReadValue(_values, out value);
    }

    public override void Update(in T value)
    {
        IBufferWriter<byte> operand = table.Begin();
        table.Serialize(_values, value, operand);
        table.Write(FasterBytesCommand.Set, 0);
    }

    public override void Clear() => table.Delete();
}
