namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>One timed step of a checkpoint or a recovery.</summary>
/// <param name="Name">What the step does.</param>
/// <param name="Milliseconds">Wall-clock time of the step.</param>
internal sealed record PhaseTime(string Name, double Milliseconds);
