namespace HyperFlow.CrashJob;

/// <summary>
/// The crash job's window accumulator: the sum of the readings' values and how many there were, so that
/// a reading lost or counted twice after a restore changes the result.
/// </summary>
/// <param name="Sum">The sum of the values.</param>
/// <param name="Count">The number of readings.</param>
internal readonly record struct SumCount(long Sum, long Count);
