using System.Buffers;
using System.Runtime.InteropServices;
using HyperFlow.Storage.Serialization;

namespace HyperFlow.Storage.Tests.State;

/// <summary>Writes a <see cref="SerializedPosition"/> as its raw bytes, through the serializer interface.</summary>
internal sealed class SerializedPositionSerializer : IStateSerializer<SerializedPosition>
{
    private const int Size = 24;

    public void Serialize(in SerializedPosition value, IBufferWriter<byte> output)
    {
        MemoryMarshal.Write(output.GetSpan(Size), in value);
        output.Advance(Size);
    }

    public SerializedPosition Deserialize(ReadOnlyMemory<byte> bytes)
        => bytes.Length == Size ? MemoryMarshal.Read<SerializedPosition>(bytes.Span) : throw new InvalidDataException($"A position is {Size} bytes, not {bytes.Length}.");
}
