namespace HyperFlow.Runtime.Execution;

/// <summary>
/// Where a chain's results go: an exchange to the next chain or a sink. The chain asks for room before
/// it reads a batch, so emitting never blocks and never fails for lack of space.
/// </summary>
public abstract class ChainOutput
{
    /// <summary>The number of events emitted so far.</summary>
    public long Emitted { get; private protected set; }

    /// <summary>How many events can be emitted now without waiting.</summary>
    /// <returns>The room, in events.</returns>
    internal abstract int FreeCapacity();

    /// <summary>Makes the events emitted so far visible downstream (once per batch).</summary>
    internal abstract void Flush();

    /// <summary>Flushes and signals the end of input downstream.</summary>
    internal abstract void Complete();
}
