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
        // Warm up with both sizes, so JIT tiering and one-time set-up are paid before measuring.
        await SumJobRunner.Run(options, small, new CountingSink());
        await SumJobRunner.Run(options, large, new CountingSink());

        long smallBytes = await AllocatedDuring(() => SumJobRunner.Run(options, small, new CountingSink()));
        long largeBytes = await AllocatedDuring(() => SumJobRunner.Run(options, large, new CountingSink()));

        // Setup costs the same for both runs. A longer run also pays for time-driven background work
        // in this process (timers, thread pool), so allow a tenth of a byte per extra record: one
        // allocation per record, even a boxed long, would be 240 times that.
        long budget = (large.Length - small.Length) / 10;
        Assert.True(largeBytes - smallBytes < budget, $"{largeBytes - smallBytes} more bytes for {large.Length - small.Length} more records (small run {smallBytes} B, large run {largeBytes} B)");
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

        long ticksBefore = SlotThreadCpuTicks();
        var wall = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(1));
        // Linux accounts thread CPU time in USER_HZ = 100 ticks per second.
        double cpuShare = (SlotThreadCpuTicks() - ticksBefore) / 100.0 / wall.Elapsed.TotalSeconds;

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(s_generous));
        // Two spinning slots would use 2.0 (two cores); blocked ones poll the source once a millisecond.
        Assert.True(cpuShare < 0.3, $"the idle job's slot threads used {cpuShare:P0} of a core");
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

    // utime + stime of the slot threads, from /proc/self/task/*/stat (fields 14 and 15).
    private static long SlotThreadCpuTicks()
    {
        long ticks = 0;
        foreach (string task in Directory.GetDirectories("/proc/self/task"))
        {
            string stat = ReadOrEmpty(Path.Combine(task, "stat"));
            int close = stat.LastIndexOf(')');
            if (close < 0 || !stat.AsSpan(0, close).Contains("hyperflow-slot", StringComparison.Ordinal))
            {
                continue;
            }

            string[] fields = stat[(close + 2)..].Split(' ');
            ticks += long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        }

        return ticks;
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
