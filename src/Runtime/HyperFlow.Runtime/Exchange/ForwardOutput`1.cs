using System.Runtime.CompilerServices;
using HyperFlow.Runtime.Sequencing;

namespace HyperFlow.Runtime.Exchange;

/// <summary>Sends every record to the consumer subtask with the producer's own index (forward exchange).</summary>
/// <typeparam name="T">The event type.</typeparam>
public sealed class ForwardOutput<T> : RingOutput<T>
{
    private readonly SpscRing<T> _ring;

    internal ForwardOutput(SpscRing<T> ring)
        : base([ring])
        => _ring = ring;

    /// <summary>Sends a record.</summary>
    /// <param name="value">The record.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Emit(in T value)
    {
        _ring.Write(in value);
        Emitted++;
    }

    /// <summary>Sends a timestamped record, written into the ring field by field (generated code, for rings of <see cref="Timestamped{TValue}"/>).</summary>
    /// <typeparam name="TValue">The record type.</typeparam>
    /// <param name="value">The record.</param>
    /// <param name="timestamp">Its timestamp.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EmitStamped<TValue>(in TValue value, long timestamp)
    {
        _ring.WriteStamped(in value, timestamp);
        Emitted++;
    }

    /// <summary>Sends a record, queueing it if the ring is full (after a flat-map).</summary>
    /// <param name="value">The record.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EmitChecked(in T value)
    {
        WriteChecked(0, in value);
        Emitted++;
    }
}
