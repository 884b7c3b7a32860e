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

    /// <summary>
    /// Claims the next run of free slots of the only consumer's ring (when <see cref="NeedsRouting"/> is
    /// <c>false</c>), for generated code that writes a batch of records straight into the ring: at most
    /// <paramref name="wanted"/> slots, fewer at the end of the ring's array (then claim again after
    /// committing). Write the first <c>k</c> slots (<see cref="StampedSlot.Write"/> for timestamped
    /// records), then <see cref="CommitUnrouted"/>(<c>k</c>). No per-record call or counter: the loop keeps
    /// its write position in a register.
    /// </summary>
    /// <param name="wanted">The most records the caller may still write (a task checks the ring's room for its whole batch first).</param>
    /// <returns>The claimed slots, never empty.</returns>
    /// <exception cref="InvalidOperationException">The ring has no room: the chain wrote more records than the room its task checked.</exception>
    public Span<T> ClaimUnrouted(int wanted)
    {
        Span<T> slots = Rings[0].Claim(Math.Max(wanted, 1));
        if (slots.IsEmpty)
        {
            throw new InvalidOperationException("An unrouted batch wrote more records than the ring's room its task checked; a chain that may emit several records per input must emit with a room check.");
        }

        return slots;
    }

    /// <summary>Puts the first <paramref name="written"/> slots of the last <see cref="ClaimUnrouted"/> into the ring (unpublished, like every write).</summary>
    /// <param name="written">How many of the claimed slots were written.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void CommitUnrouted(int written)
    {
        Rings[0].Advance(written);
        Emitted += written;
    }
}
