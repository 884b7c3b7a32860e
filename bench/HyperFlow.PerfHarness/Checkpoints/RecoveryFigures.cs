namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>The time to bring a backend's state back from its latest checkpoint, step by step.</summary>
/// <param name="Phases">The steps, in order.</param>
/// <param name="TotalMilliseconds">Their sum: the restart's state-recovery time.</param>
/// <param name="RawBytes">State bytes recovered (canonical bytes, or FASTER's unpacked files).</param>
/// <param name="RawMegabytesPerSecond">Raw bytes (10^6) recovered per second of the total.</param>
/// <param name="Entries">Keys in the recovered store (checked against the keys written).</param>
internal sealed record RecoveryFigures(IReadOnlyList<PhaseTime> Phases, double TotalMilliseconds, long RawBytes, double RawMegabytesPerSecond, long Entries)
{
    public static RecoveryFigures Of(IReadOnlyList<PhaseTime> phases, long rawBytes, long entries)
    {
        double total = phases.Sum(static p => p.Milliseconds);
        return new RecoveryFigures(phases, total, rawBytes, Throughput.MegabytesPerSecond(rawBytes, total), entries);
    }
}
