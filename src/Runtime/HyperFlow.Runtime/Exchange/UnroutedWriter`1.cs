using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HyperFlow.Runtime.Exchange;

/// <summary>
/// Writes one batch of timestamped records into the only ring of a hash exchange whose next chain has
/// one subtask (<see cref="HashExchangeOutput{T}.BeginUnrouted"/>), for generated code: the records go
/// into slots claimed from the ring, the write position stays in a register, and the ring's sequence
/// and the output's count advance once per claim instead of once per record (each of those per-record
/// increments is a chain through memory that costs about a nanosecond per record).
/// </summary>
/// <remarks>
/// Only for chains that emit at most one record per input record, whose task checked the ring's room
/// for the whole batch. Call <see cref="Commit"/> after the batch: records written after the last claim
/// are not in the ring before it.
/// </remarks>
/// <typeparam name="T">The ring's element type, a <see cref="Timestamped{TValue}"/>.</typeparam>
public ref struct UnroutedWriter<T>
{
    private readonly HashExchangeOutput<T>? _output;
    private Span<T> _slots;
    private int _written;
    private int _wanted;

    internal UnroutedWriter(HashExchangeOutput<T> output, int records)
    {
        _output = output;
        _wanted = records;
    }

    /// <summary>Writes a record with its timestamp into the next slot.</summary>
    /// <typeparam name="TValue">The record type (<typeparamref name="T"/> is <see cref="Timestamped{TValue}"/>).</typeparam>
    /// <param name="value">The record.</param>
    /// <param name="timestamp">Its timestamp.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteStamped<TValue>(in TValue value, long timestamp)
    {
        if ((uint)_written >= (uint)_slots.Length)
        {
            // The first record of the batch, or the end of the ring's array: claim the next run of slots.
            _wanted -= _written;
            _slots = _output!.ClaimUnrouted(_written, _wanted);
            _written = 0;
        }

        ref Timestamped<TValue> slot = ref Unsafe.As<T, Timestamped<TValue>>(ref Unsafe.Add(ref MemoryMarshal.GetReference(_slots), _written));
        Unsafe.AsRef(in slot.Value) = value;
        Unsafe.AsRef(in slot.Timestamp) = timestamp;
        _written++;
    }

    /// <summary>Puts the records written since the last claim into the ring (unpublished, like every write).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Commit()
    {
        if (_written != 0)
        {
            _output!.CommitUnrouted(_written);
        }
    }
}
