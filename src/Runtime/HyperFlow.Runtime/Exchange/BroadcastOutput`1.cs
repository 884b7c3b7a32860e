using System.Runtime.CompilerServices;
using HyperFlow.Runtime.Sequencing;

namespace HyperFlow.Runtime.Exchange;

/// <summary>Sends every record to every consumer subtask (broadcast exchange).</summary>
/// <typeparam name="T">The event type.</typeparam>
public sealed class BroadcastOutput<T> : RingOutput<T>
{
    internal BroadcastOutput(SpscRing<T>[] rings)
        : base(rings)
    {
    }

    /// <summary>Sends a timestamped record, written into the ring field by field (generated code, for rings of <see cref="Timestamped{TValue}"/>).</summary>
    /// <typeparam name="TValue">The record type.</typeparam>
    /// <param name="value">The record.</param>
    /// <param name="timestamp">Its timestamp.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EmitStamped<TValue>(in TValue value, long timestamp)
    {
        foreach (SpscRing<T> ring in Rings)
        {
            ring.WriteStamped(in value, timestamp);
        }

        Emitted++;
    }

    /// <summary>Sends a record to all consumers.</summary>
    /// <param name="value">The record.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Emit(in T value)
    {
        foreach (SpscRing<T> ring in Rings)
        {
            ring.Write(in value);
        }

        Emitted++;
    }

    /// <summary>Sends a record to all consumers, queueing it for any whose ring is full (after a flat-map).</summary>
    /// <param name="value">The record.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EmitChecked(in T value)
    {
        for (int i = 0; i < Rings.Length; i++)
        {
            WriteChecked(i, in value);
        }

        Emitted++;
    }
}
