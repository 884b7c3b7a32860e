using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using MessagePack;

namespace HyperFlow.Storage.Serialization;

/// <summary>
/// Serializes any type MessagePack (2.5) can: primitives, strings, collections, and types marked
/// <c>[MessagePackObject]</c>. Used for state types that hold references.
/// </summary>
/// <typeparam name="T">The type serialized.</typeparam>
public sealed class MessagePackStateSerializer<T> : IStateSerializer<T>
{
    /// <summary>The shared instance, with MessagePack's standard resolver.</summary>
    public static readonly MessagePackStateSerializer<T> Instance = new(MessagePackSerializerOptions.Standard);

    private readonly MessagePackSerializerOptions _options;

    /// <summary>Creates a serializer with the given options (for example a resolver for your types).</summary>
    /// <param name="options">MessagePack options.</param>
    public MessagePackStateSerializer(MessagePackSerializerOptions options) => _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <inheritdoc />
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Types without a pre-generated formatter fail at run time with MessagePack's message; blittable state never comes here.")]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "As above.")]
    public void Serialize(in T value, IBufferWriter<byte> output) => MessagePackSerializer.Serialize(output, value, _options);

    /// <inheritdoc />
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "See Serialize.")]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "See Serialize.")]
    public T Deserialize(ReadOnlyMemory<byte> bytes) => MessagePackSerializer.Deserialize<T>(bytes, _options);
}
