using System.Runtime.CompilerServices;
using HyperFlow.Runtime.Sequencing;
using HyperFlow.Storage.Keys;

namespace HyperFlow.Runtime.Exchange;

/// <summary>Routes each record to the consumer subtask that owns its key's key group.</summary>
/// <typeparam name="T">The event type.</typeparam>
public sealed class HashExchangeOutput<T> : RingOutput<T>
{
    private readonly int[] _ownerOfKeyGroup;
    private readonly int _maxParallelism;

    internal HashExchangeOutput(SpscRing<T>[] rings, int maxParallelism)
        : base(rings)
    {
        _maxParallelism = maxParallelism;
        // A table lookup instead of a division per record.
        _ownerOfKeyGroup = new int[maxParallelism];
        for (int g = 0; g < maxParallelism; g++)
        {
            _ownerOfKeyGroup[g] = KeyGroups.OwnerOf(g, maxParallelism, rings.Length);
        }
    }

    /// <summary>
    /// Whether records must be routed: <c>false</c> when the next chain has one subtask, so that every
    /// key goes to it and generated code can skip computing the key and its hash.
    /// </summary>
    public bool NeedsRouting => Rings.Length > 1;

    /// <summary>Sends a record to the only consumer subtask (when <see cref="NeedsRouting"/> is <c>false</c>).</summary>
    /// <param name="value">The record.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EmitUnrouted(in T value)
    {
        Rings[0].Write(in value);
        Emitted++;
    }

    /// <summary>
    /// Sends a timestamped record to the subtask that owns its key, written into the ring field by field
    /// (generated code, for rings of <see cref="Timestamped{TValue}"/>).
    /// </summary>
    /// <typeparam name="TValue">The record type.</typeparam>
    /// <param name="keyHash">The stable hash of the record's key (<see cref="KeyHash"/>).</param>
    /// <param name="value">The record.</param>
    /// <param name="timestamp">Its timestamp.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EmitStamped<TValue>(ulong keyHash, in TValue value, long timestamp)
    {
        Rings[Owner(keyHash)].WriteStamped(in value, timestamp);
        Emitted++;
    }

    /// <summary>Sends a timestamped record to the only consumer subtask, written into the ring field by field (generated code).</summary>
    /// <typeparam name="TValue">The record type.</typeparam>
    /// <param name="value">The record.</param>
    /// <param name="timestamp">Its timestamp.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EmitUnroutedStamped<TValue>(in TValue value, long timestamp)
    {
        Rings[0].WriteStamped(in value, timestamp);
        Emitted++;
    }

    /// <summary>Sends a record to the only consumer subtask, queueing it if the ring is full (after a flat-map).</summary>
    /// <param name="value">The record.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EmitUnroutedChecked(in T value)
    {
        WriteChecked(0, in value);
        Emitted++;
    }

    /// <summary>Sends a record to the subtask that owns its key.</summary>
    /// <param name="keyHash">The stable hash of the record's key (<see cref="KeyHash"/>).</param>
    /// <param name="value">The record.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Emit(ulong keyHash, in T value)
    {
        Rings[Owner(keyHash)].Write(in value);
        Emitted++;
    }

    /// <summary>Sends a record to the subtask that owns its key, queueing it if that ring is full (after a flat-map).</summary>
    /// <param name="keyHash">The stable hash of the record's key (<see cref="KeyHash"/>).</param>
    /// <param name="value">The record.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EmitChecked(ulong keyHash, in T value)
    {
        WriteChecked(Owner(keyHash), in value);
        Emitted++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Owner(ulong keyHash) => _ownerOfKeyGroup[KeyGroups.Of(keyHash, _maxParallelism)];
}
