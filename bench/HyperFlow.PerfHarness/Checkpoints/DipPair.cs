namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>Two runs of a job back to back over the same events, with and without checkpoints.</summary>
/// <param name="With">The run with periodic checkpoints.</param>
/// <param name="Without">The run without.</param>
internal sealed record DipPair(DipRun With, DipRun Without);
