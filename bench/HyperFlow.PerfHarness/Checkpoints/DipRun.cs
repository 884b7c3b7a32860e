namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>One run of a <c>checkpoint-dip</c> job, with or without checkpoints.</summary>
/// <param name="Checkpointing">Whether the run took periodic checkpoints.</param>
/// <param name="DataPathSeconds">First source read to end of input (the final checkpoint, taken after it, is not in it).</param>
/// <param name="EventsPerSecond">Events over <paramref name="DataPathSeconds"/>.</param>
/// <param name="JobSeconds">The job's whole run (<see cref="JobResult.Elapsed"/>): start, data path and final checkpoint.</param>
/// <param name="Checkpoints">Periodic checkpoints completed (the final one at the end of input not counted).</param>
/// <param name="CheckpointMilliseconds">Trigger to completion of each periodic checkpoint.</param>
/// <param name="StoredBytes">Stored size of each periodic checkpoint.</param>
/// <param name="BarrierDelayMilliseconds">Each periodic trigger to the source's barrier injection (the barrier then reaches the keyed operator through one ring: one input, nothing to align).</param>
/// <param name="Aborted">Checkpoints aborted (all should complete).</param>
/// <param name="CaptureStallMilliseconds">Each stall of the slot thread right after a barrier: the synchronous capture.</param>
/// <param name="CaptureStallGcMilliseconds">Garbage-collection pauses within them.</param>
/// <param name="OtherStalls">Other stalls (table growth, garbage collections, lost CPU).</param>
/// <param name="OtherStallMilliseconds">Their total.</param>
/// <param name="GcPauseMilliseconds">All garbage-collection pauses during the data path.</param>
/// <param name="Gen2Collections">Gen 2 collections during the run.</param>
/// <param name="AllocatedMegabytes">Managed allocations during the run (MB = 10^6 bytes).</param>
/// <param name="SlotCpuMilliseconds">The slot thread's CPU time during the data path.</param>
/// <param name="SlotRunQueueMilliseconds">Time the slot thread was runnable but another thread had its CPU.</param>
/// <param name="SlotInvoluntarySwitches">Times the scheduler took the slot thread's CPU away.</param>
/// <param name="OtherThreadsCpuMilliseconds">CPU time of the process's other threads during the data path (checkpoint writes, timers, the runtime).</param>
internal sealed record DipRun(
    bool Checkpointing,
    double DataPathSeconds,
    double EventsPerSecond,
    double JobSeconds,
    int Checkpoints,
    IReadOnlyList<double> CheckpointMilliseconds,
    IReadOnlyList<long> StoredBytes,
    IReadOnlyList<double> BarrierDelayMilliseconds,
    int Aborted,
    IReadOnlyList<double> CaptureStallMilliseconds,
    double CaptureStallGcMilliseconds,
    int OtherStalls,
    double OtherStallMilliseconds,
    double GcPauseMilliseconds,
    int Gen2Collections,
    double AllocatedMegabytes,
    double SlotCpuMilliseconds,
    double SlotRunQueueMilliseconds,
    long SlotInvoluntarySwitches,
    double OtherThreadsCpuMilliseconds)
{
    /// <summary>The total of <see cref="CaptureStallMilliseconds"/>.</summary>
    public double CaptureStallTotalMilliseconds => CaptureStallMilliseconds.Sum();
}
