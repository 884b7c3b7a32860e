using System.Buffers;

namespace HyperFlow.Storage.Serialization;

/// <summary>Turns state keys and values into bytes and back, for snapshots and the FASTER backend.</summary>
/// <typeparam name="T">The type serialized.</typeparam>
public interface IStateSerializer<T>
{
    /// <summary>Writes a value's bytes.</summary>
    /// <param name="value">The value.</param>
    /// <param name="output">Where the bytes go.</param>
    void Serialize(in T value, IBufferWriter<byte> output);

    /// <summary>Reads a value back from exactly the bytes <see cref="Serialize"/> wrote.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>The value.</returns>
    T Deserialize(ReadOnlyMemory<byte> bytes);
}
