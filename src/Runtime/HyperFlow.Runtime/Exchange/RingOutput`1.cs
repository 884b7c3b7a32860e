using HyperFlow.Runtime.Execution;
using HyperFlow.Runtime.Sequencing;

namespace HyperFlow.Runtime.Exchange;

/// <summary>
/// The sending side of an exchange for one producer subtask: the rings to the consumer subtasks it
/// feeds. Subclasses decide which ring each record goes to.
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
/// <remarks>
/// A chain with at most one output record per input record checks room for the whole batch first and
/// then writes unchecked (<c>Emit</c>). After a flat-map the count is unknown, so generated code uses
/// <c>EmitChecked</c>: a record that finds its ring full waits in a per-ring spill queue, and the chain
/// reads no more input until the spill has drained. Nothing blocks and nothing is dropped.
/// </remarks>
public abstract class RingOutput<T> : ChainOutput
{
    private Queue<T>[]? _spills;
    private int _spilled;

    private protected RingOutput(SpscRing<T>[] rings) => Rings = rings;

    /// <summary>The rings, indexed by consumer subtask (a single ring for a forward exchange).</summary>
    private protected SpscRing<T>[] Rings { get; }

    /// <summary>Writes a record to a ring if it has room and nothing is waiting for it, else queues it behind the waiting ones.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private protected void WriteChecked(int ring, in T value)
    {
        SpscRing<T> target = Rings[ring];
        if (_spilled == 0 && target.Room(1) > 0)
        {
            target.Write(in value);
        }
        else
        {
            Spill(ring, value);
        }
    }

    internal sealed override int Room(int wanted)
    {
        if (_spilled > 0 && !TryDrainSpills())
        {
            return 0;
        }

        int room = wanted;
        foreach (SpscRing<T> ring in Rings)
        {
            room = ring.Room(room);
        }

        return room;
    }

    internal sealed override bool HasControlRoom(int count)
    {
        // A control event must follow every record emitted before it, spilled ones included.
        if (_spilled > 0 && !TryDrainSpills())
        {
            return false;
        }

        foreach (SpscRing<T> ring in Rings)
        {
            if (!ring.HasControlRoom(count))
            {
                return false;
            }
        }

        return true;
    }

    internal sealed override void Flush()
    {
        foreach (SpscRing<T> ring in Rings)
        {
            ring.Publish();
        }
    }

    internal sealed override bool TryEmitControl(ControlKind kind, long value)
    {
        // Every consumer must see every control event: check all rings first, then publish to all.
        if (!HasControlRoom(1))
        {
            return false;
        }

        foreach (SpscRing<T> ring in Rings)
        {
            if (!ring.TryPublishControl(kind, value))
            {
                throw new InvalidOperationException("A ring's control lane filled up although only its producer writes to it.");
            }
        }

        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void Spill(int ring, T value)
    {
        _spills ??= new Queue<T>[Rings.Length];
        (_spills[ring] ??= new Queue<T>()).Enqueue(value);
        _spilled++;
    }

    private bool TryDrainSpills()
    {
        for (int r = 0; r < _spills!.Length; r++)
        {
            Queue<T>? spill = _spills[r];
            if (spill is null || spill.Count == 0)
            {
                continue;
            }

            SpscRing<T> ring = Rings[r];
            int room = ring.Room(spill.Count);
            for (int i = 0; i < room; i++)
            {
                ring.Write(spill.Dequeue());
            }

            _spilled -= room;
            ring.Publish();
        }

        return _spilled == 0;
    }
}
