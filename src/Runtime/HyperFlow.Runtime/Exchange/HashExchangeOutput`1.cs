using System.Runtime.CompilerServices;
using HyperFlow.Runtime.Execution;
using HyperFlow.Runtime.Sequencing;
using HyperFlow.Storage.Keys;

namespace HyperFlow.Runtime.Exchange;

/// <summary>
/// The sending side of a hash exchange for one producer subtask: routes each event to the ring of the
/// consumer subtask that owns its key group.
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
public sealed class HashExchangeOutput<T> : ChainOutput
{
    private readonly SpscRing<T>[] _rings;
    private readonly int[] _ownerOfKeyGroup;
    private readonly int _maxParallelism;

    internal HashExchangeOutput(SpscRing<T>[] rings, int maxParallelism)
    {
        _rings = rings;
        _maxParallelism = maxParallelism;
        // A table lookup instead of a division per event.
        _ownerOfKeyGroup = new int[maxParallelism];
        for (int g = 0; g < maxParallelism; g++)
        {
            _ownerOfKeyGroup[g] = KeyGroups.OwnerOf(g, maxParallelism, rings.Length);
        }
    }

    /// <summary>Sends an event to the subtask that owns its key.</summary>
    /// <param name="keyHash">The stable hash of the event's key (<see cref="KeyHash"/>).</param>
    /// <param name="value">The event.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Emit(ulong keyHash, in T value)
    {
        int target = _ownerOfKeyGroup[KeyGroups.Of(keyHash, _maxParallelism)];
        _rings[target].Write(in value);
        Emitted++;
    }

    internal override int FreeCapacity()
    {
        int free = int.MaxValue;
        foreach (SpscRing<T> ring in _rings)
        {
            free = Math.Min(free, ring.FreeCapacity());
        }

        return free;
    }

    internal override void Flush()
    {
        foreach (SpscRing<T> ring in _rings)
        {
            ring.Publish();
        }
    }

    internal override void Complete()
    {
        foreach (SpscRing<T> ring in _rings)
        {
            ring.Complete();
        }
    }
}
