using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using HyperFlow.Storage.Serialization;

namespace HyperFlow.Windows;

/// <summary>
/// Serializes a <see cref="WindowCell{TAcc}"/> whose accumulator holds references: the count (8 bytes,
/// little-endian), then the accumulator with its own serializer. Cells without references are stored raw.
/// </summary>
internal sealed class WindowCellSerializer<TAcc> : IStateSerializer<WindowCell<TAcc>>
{
    private readonly IStateSerializer<TAcc> _accumulator = StateSerializers.For<TAcc>();

    /// <summary>Registers the serializer when the cell type needs one (before the state that holds cells is created).</summary>
    public static void RegisterIfNeeded()
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<WindowCell<TAcc>>())
        {
            StateSerializers.Register(new WindowCellSerializer<TAcc>());
        }
    }

    public void Serialize(in WindowCell<TAcc> value, IBufferWriter<byte> output)
    {
        BinaryPrimitives.WriteInt64LittleEndian(output.GetSpan(sizeof(long)), value.Count);
        output.Advance(sizeof(long));
        _accumulator.Serialize(value.Value, output);
    }

    public WindowCell<TAcc> Deserialize(ReadOnlyMemory<byte> bytes)
        => new() { Count = BinaryPrimitives.ReadInt64LittleEndian(bytes.Span), Value = _accumulator.Deserialize(bytes[sizeof(long)..]) };
}
