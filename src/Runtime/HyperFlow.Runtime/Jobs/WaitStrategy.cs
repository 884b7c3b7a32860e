namespace HyperFlow;

/// <summary>What a task slot does when none of its tasks has work: the trade between wake-up latency and idle CPU.</summary>
public enum WaitStrategy
{
    /// <summary>
    /// Spin briefly, yield, then sleep until a producer publishes (or 1 ms for slots with sources, which
    /// cannot signal). Near-zero CPU when idle; a few microseconds to wake. The default.
    /// </summary>
    Blocking,

    /// <summary>Spin briefly, then yield the processor between polls. Low latency; a core stays busy while idle.</summary>
    Yielding,

    /// <summary>Spin forever. Lowest latency; burns a whole core per slot. Use with pinned slots on dedicated cores.</summary>
    BusySpin,
}
