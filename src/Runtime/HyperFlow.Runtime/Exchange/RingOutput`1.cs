using HyperFlow.Runtime.Execution;
using HyperFlow.Runtime.Sequencing;

namespace HyperFlow.Runtime.Exchange;

/// <summary>
/// The sending side of an exchange for one producer subtask: the rings to the consumer subtasks it
/// feeds. Subclasses decide which ring each record goes to.
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
public abstract class RingOutput<T> : ChainOutput
{
    private protected RingOutput(SpscRing<T>[] rings) => Rings = rings;

    /// <summary>The rings, indexed by consumer subtask (a single ring for a forward exchange).</summary>
    private protected SpscRing<T>[] Rings { get; }

    internal sealed override int Room(int wanted)
    {
        int room = wanted;
        foreach (SpscRing<T> ring in Rings)
        {
            room = ring.Room(room);
        }

        return room;
    }

    internal sealed override bool HasControlRoom(int count)
    {
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
}
