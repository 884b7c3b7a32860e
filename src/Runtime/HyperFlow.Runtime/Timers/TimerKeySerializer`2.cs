using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HyperFlow.Storage.Serialization;

namespace HyperFlow.Timers;

/// <summary>
/// The snapshot bytes of a <see cref="TimerKey{TKey, TNamespace}"/>: the time (8 bytes, little-endian),
/// the domain (1 byte), the namespace's raw bytes (it is unmanaged, so fixed-size), then the key in
/// its own state serializer's bytes (<see cref="StateSerializers.For{T}"/>: raw, UTF-8 for strings, or
/// registered), which run to the end. Part of the checkpoint format: keep it stable.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TNamespace">The namespace type.</typeparam>
internal sealed class TimerKeySerializer<TKey, TNamespace> : IStateSerializer<TimerKey<TKey, TNamespace>>
    where TKey : notnull
    where TNamespace : unmanaged, IEquatable<TNamespace>
{
    private const int DomainOffset = sizeof(long);
    private const int NamespaceOffset = DomainOffset + 1;
    private static readonly int s_header = NamespaceOffset + Unsafe.SizeOf<TNamespace>();

    private readonly IStateSerializer<TKey> _keys = StateSerializers.For<TKey>();

    public void Serialize(in TimerKey<TKey, TNamespace> value, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Span<byte> header = output.GetSpan(s_header);
        BinaryPrimitives.WriteInt64LittleEndian(header, value.Time);
        header[DomainOffset] = (byte)value.Domain;
        TNamespace ns = value.Namespace;
        MemoryMarshal.AsBytes(new ReadOnlySpan<TNamespace>(in ns)).CopyTo(header[NamespaceOffset..]);
        output.Advance(s_header);
        _keys.Serialize(value.Key, output);
    }

    public TimerKey<TKey, TNamespace> Deserialize(ReadOnlyMemory<byte> bytes)
    {
        ReadOnlySpan<byte> span = bytes.Span;
        if (span.Length < s_header || span[DomainOffset] > (byte)TimeDomain.ProcessingTime)
        {
            throw new InvalidDataException(
                $"Cannot read a timer of key type {typeof(TKey)} and namespace {typeof(TNamespace)} from {span.Length} bytes: the state was written for other timer types, or is corrupt. Restore timers with the key and namespace types they were written with.");
        }

        long time = BinaryPrimitives.ReadInt64LittleEndian(span);
        var domain = (TimeDomain)span[DomainOffset];
        TNamespace ns = MemoryMarshal.Read<TNamespace>(span[NamespaceOffset..]);
        return new TimerKey<TKey, TNamespace>(_keys.Deserialize(bytes[s_header..]), ns, time, domain);
    }
}
