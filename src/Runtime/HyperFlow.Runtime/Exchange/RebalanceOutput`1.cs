using System.Runtime.CompilerServices;
using HyperFlow.Runtime.Sequencing;

namespace HyperFlow.Runtime.Exchange;

/// <summary>Deals records round-robin over all consumer subtasks (rebalance exchange), evening out skewed input.</summary>
/// <typeparam name="T">The event type.</typeparam>
public sealed class RebalanceOutput<T> : RingOutput<T>
{
    private int _next;

    internal RebalanceOutput(SpscRing<T>[] rings, int producer)
        : base(rings)
        // Producers start at different consumers so that small batches still spread.
        => _next = producer % rings.Length;

    /// <summary>Sends a record to the next consumer in turn.</summary>
    /// <param name="value">The record.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Emit(in T value)
    {
        Rings[Advance()].Write(in value);
        Emitted++;
    }

    /// <summary>Sends a timestamped record, written into the ring field by field (generated code, for rings of <see cref="Timestamped{TValue}"/>).</summary>
    /// <typeparam name="TValue">The record type.</typeparam>
    /// <param name="value">The record.</param>
    /// <param name="timestamp">Its timestamp.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EmitStamped<TValue>(in TValue value, long timestamp)
    {
        Rings[Advance()].WriteStamped(in value, timestamp);
        Emitted++;
    }

    /// <summary>Sends a record to the next consumer in turn, queueing it if that ring is full (after a flat-map).</summary>
    /// <param name="value">The record.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EmitChecked(in T value)
    {
        WriteChecked(Advance(), in value);
        Emitted++;
    }

    /// <summary>The consumer whose turn it is; moves the turn on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Advance()
    {
        int next = _next;
        _next = next + 1 == Rings.Length ? 0 : next + 1;
        return next;
    }
}
