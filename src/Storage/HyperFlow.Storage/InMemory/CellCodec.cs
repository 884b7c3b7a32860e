using System.Buffers;

namespace HyperFlow.Storage.InMemory;

/// <summary>How one in-memory state writes its values into snapshots, reads them back, and copies them for an asynchronous snapshot.</summary>
/// <param name="Serialize">Writes a value's canonical bytes.</param>
/// <param name="Deserialize">Reads a value from its canonical bytes.</param>
/// <param name="DeepCopy">Copies a mutable value (lists, maps) so a snapshot is not changed by later writes; null for values copied by assignment.</param>
/// <param name="RawBytes">Whether values are stored as their raw bytes (<see cref="Serialization.BlittableSerializer{T}"/>), so a restore reads them in place.</param>
internal sealed record CellCodec<TValue>(
    CellCodec<TValue>.SerializeValue Serialize,
    Func<ReadOnlyMemory<byte>, TValue> Deserialize,
    Func<TValue, TValue>? DeepCopy,
    bool RawBytes = false)
{
    public delegate void SerializeValue(in TValue value, IBufferWriter<byte> output);
}
