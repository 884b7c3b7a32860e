namespace HyperFlow.Runtime.Tests.Process;

/// <summary>
/// The process path (state, timers registered and fired, side output) allocates nothing per record
/// for unmanaged types. Measures the whole process, so it runs in the collection that runs alone.
/// </summary>
[Collection("ProcessMeasurementTests")]
public class ProcessAllocationTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task SteadyState_ProcessFunctionWithTimersAndSideOutput_AllocatesNothingPerRecord()
    {
        // 64 sensors, a reading every millisecond: each second fires one timer per sensor.
        Tick[] small = Ticks(100_000);
        Tick[] large = Ticks(2_000_000);
        // One subtask: with two, one source subtask can run far ahead of the other (the watermark is
        // the minimum), so the timers pending at the peak, and the tables holding them, grow with the input.
        var options = new JobOptions { Parallelism = 1 };
        await Run(options, small);
        await Run(options, large);
        await Run(options, large);

        // The least of two runs each: one-time work in the process (a method tiering up, a background
        // task) lands in one run; an allocation per record or timer would be in both.
        long smallBytes = Math.Min((await AllocatedDuring(() => Run(options, small))).Bytes, (await AllocatedDuring(() => Run(options, small))).Bytes);
        (long largeBytes, long totals) = await AllocatedDuring(() => Run(options, large));
        largeBytes = Math.Min(largeBytes, (await AllocatedDuring(() => Run(options, large))).Bytes);

        // As the engine's own allocation test: setup costs the same for both runs, and a tenth of a
        // byte per extra record covers background work; one allocation per record would be 240 times that.
        Assert.Equal(64 * 2_000, totals);
        long budget = (large.Length - small.Length) / 10;
        Assert.True(largeBytes - smallBytes < budget, $"{largeBytes - smallBytes} more bytes for {large.Length - small.Length} more records (small run {smallBytes} B, large run {largeBytes} B)");
    }

    private static Tick[] Ticks(int count) => [.. Enumerable.Range(0, count).Select(i => new Tick(i % 64, i, i))];

    private static async Task<long> Run(JobOptions options, Tick[] ticks)
    {
        var totals = new CountingTimestampedSink<long>();
        var sampled = new CountingTimestampedSink<Tick>();
        await new JobHost(TickTotalsJob.Definition, options)
            .BindSource("ticks", new Jobs.ArraySource<Tick>(ticks))
            .BindSink("totals", totals)
            .BindSink("sampled", sampled)
            .RunAsync()
            .WaitAsync(s_generous);
        Assert.Equal(ticks.Length / 16, sampled.Count);
        return totals.Count;
    }

    private static async Task<(long Bytes, long Totals)> AllocatedDuring(Func<Task<long>> action)
    {
        long before = GC.GetTotalAllocatedBytes(precise: true);
        long totals = await action();
        return (GC.GetTotalAllocatedBytes(precise: true) - before, totals);
    }
}
