namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>A pause of the slot thread's source reads longer than the stall threshold.</summary>
/// <param name="StartedAt">Stopwatch timestamp of the end of the read before the pause.</param>
/// <param name="Milliseconds">Time between that read and the next.</param>
/// <param name="GcPauseMilliseconds">Garbage collection pauses (all threads stopped) within it.</param>
/// <param name="AfterBarrier">Whether it is the first stall after a barrier injection and began within 5 ms of it: the capture (see <see cref="SlotMeter"/>).</param>
internal sealed record Stall(long StartedAt, double Milliseconds, double GcPauseMilliseconds, bool AfterBarrier);
