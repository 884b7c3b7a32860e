using System.Diagnostics;

namespace HyperFlow.Runtime.Tests.Jobs;

/// <summary>
/// Tests that measure the whole process (CPU time, allocated bytes), so they run alone: other tests
/// running meanwhile would count too.
/// </summary>
[Collection(nameof(ProcessMeasurementTests))]
[CollectionDefinition(nameof(ProcessMeasurementTests), DisableParallelization = true)]
public class ProcessMeasurementTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task SteadyState_AllocatesNothingPerRecord()
    {
        long[] small = [.. Enumerable.Range(1, 100_000).Select(i => (long)i * 2)];
        long[] large = [.. Enumerable.Range(1, 2_000_000).Select(i => (long)i * 2)];
        var options = new JobOptions { Parallelism = 2 };
        await SumJobRunner.Run(options, small, new CountingSink());

        long smallBytes = await AllocatedDuring(() => SumJobRunner.Run(options, small, new CountingSink()));
        long largeBytes = await AllocatedDuring(() => SumJobRunner.Run(options, large, new CountingSink()));

        // Setup costs the same for both runs; 1.9M more records may add at most a few bytes of noise
        // (timer and thread-pool work of the test itself), far below one byte per record.
        long perRecordBudget = (large.Length - small.Length) / 100;
        Assert.True(largeBytes - smallBytes < perRecordBudget, $"{largeBytes - smallBytes} more bytes for {large.Length - small.Length} more records (small run {smallBytes} B, large run {largeBytes} B)");
    }

    private static async Task<long> AllocatedDuring(Func<Task> action)
    {
        long before = GC.GetTotalAllocatedBytes(precise: true);
        await action();
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }

    [Fact]
    public async Task Blocking_IdleSlots_UseLittleCpu()
    {
        var source = new GateSource();
        using var cancel = new CancellationTokenSource();
        Task<JobResult> run = new JobHost(SumJob.Definition, new JobOptions { Parallelism = 2, WaitStrategy = WaitStrategy.Blocking })
            .BindSource("numbers", source)
            .BindSink("sums", new CountingSink())
            .RunAsync(cancel.Token);
        // Let start-up work (JIT tiering of the slot loops) finish: measure once a thousand idle polls have passed.
        using var waited = new CancellationTokenSource(s_generous);
        while (source.Polls < 1000)
        {
            await Task.Delay(10, waited.Token);
        }

        using var process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(1));
        process.Refresh();
        double cpuShare = (process.TotalProcessorTime - cpuBefore) / wall.Elapsed;

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(s_generous));
        // Two spinning slots would use 2.0 (two cores); blocked ones poll the source once a millisecond.
        Assert.True(cpuShare < 0.6, $"idle job used {cpuShare:P0} of a core");
    }

    [Fact]
    public async Task Cancel_MidStream_LeavesNoSlotThreadBehind()
    {
        var source = new EndlessSource();
        using var cancel = new CancellationTokenSource();
        Task<JobResult> run = new JobHost(SumJob.Definition, new JobOptions { Parallelism = 3 })
            .BindSource("numbers", source)
            .BindSink("sums", new CountingSink())
            .RunAsync(cancel.Token);
        using var waited = new CancellationTokenSource(s_generous);
        while (source.Produced < 100_000)
        {
            await Task.Delay(1, waited.Token);
        }

        Assert.Equal(3, SlotThreads());
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(s_generous));

        // RunAsync completes only after every slot thread has left its loop; give the OS a moment to reap them.
        var deadline = Stopwatch.StartNew();
        while (SlotThreads() > 0 && deadline.Elapsed < s_generous)
        {
            await Task.Delay(10);
        }

        Assert.Equal(0, SlotThreads());
    }

    // Linux names threads in /proc/self/task/*/comm (15 characters: "hyperflow-slot-").
    private static int SlotThreads()
        => Directory.GetDirectories("/proc/self/task")
            .Count(t => File.Exists(Path.Combine(t, "comm")) && ReadOrEmpty(Path.Combine(t, "comm")).StartsWith("hyperflow-slot", StringComparison.Ordinal));

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            // The thread exited between listing and reading.
            return string.Empty;
        }
    }

    /// <summary>A source with nothing to give; counts how often it was polled.</summary>
    private sealed class GateSource : ISource<long>
    {
        private long _polls;

        public long Polls => Interlocked.Read(ref _polls);

        public ISourceReader<long> CreateReader(int subtask, int parallelism) => new Reader(this);

        private sealed class Reader(GateSource owner) : ISourceReader<long>
        {
            public bool IsFinished => false;

            public int Read(Span<long> buffer)
            {
                Interlocked.Increment(ref owner._polls);
                return 0;
            }
        }
    }
}
