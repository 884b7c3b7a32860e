namespace HyperFlow.PerfHarness.Rings;

/// <summary>What a worker thread does while its ring or channel is full or empty.</summary>
internal enum WaitMode
{
    /// <summary><c>Thread.SpinWait(1)</c>: lowest latency, for threads that each own a CPU.</summary>
    Spin,

    /// <summary>
    /// <c>Thread.Yield()</c>: for more threads than CPUs, where a spinning thread would burn the time
    /// slice of the very thread it waits for.
    /// </summary>
    Yield,
}
