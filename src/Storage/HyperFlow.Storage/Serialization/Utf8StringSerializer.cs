using System.Buffers;
using System.Text;

namespace HyperFlow.Storage.Serialization;

/// <summary>Serializes strings as UTF-8, the canonical bytes that <see cref="Keys.KeyHash"/> hashes.</summary>
public sealed class Utf8StringSerializer : IStateSerializer<string>
{
    /// <summary>The shared instance.</summary>
    public static readonly Utf8StringSerializer Instance = new();

    private Utf8StringSerializer()
    {
    }

    /// <inheritdoc />
    public void Serialize(in string value, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(output);
        int written = Encoding.UTF8.GetBytes(value, output.GetSpan(Encoding.UTF8.GetMaxByteCount(value.Length)));
        output.Advance(written);
    }

    /// <inheritdoc />
    public string Deserialize(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);
}
