using System.Globalization;

namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>
/// The scheduler's counters of the calling thread (Linux <c>/proc/thread-self</c>): CPU time, time spent
/// runnable but waiting for a CPU, and involuntary context switches. Zero where the files do not exist.
/// </summary>
/// <param name="CpuNanoseconds">Time on a CPU.</param>
/// <param name="RunQueueNanoseconds">Time runnable while another thread had the CPU (preempted, or not yet scheduled).</param>
/// <param name="InvoluntarySwitches">Times the scheduler took the CPU away.</param>
internal readonly record struct SlotThreadStat(long CpuNanoseconds, long RunQueueNanoseconds, long InvoluntarySwitches)
{
    private const string SchedStat = "/proc/thread-self/schedstat";
    private const string Status = "/proc/thread-self/status";

    /// <summary>Reads the counters of the calling thread.</summary>
    public static SlotThreadStat OfCurrentThread()
    {
        if (!File.Exists(SchedStat))
        {
            return default;
        }

        // "<ns on cpu> <ns waiting on a run queue> <timeslices>"
        string[] sched = File.ReadAllText(SchedStat).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string? switches = File.ReadLines(Status).FirstOrDefault(static l => l.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal));
        return new SlotThreadStat(
            long.Parse(sched[0], CultureInfo.InvariantCulture),
            long.Parse(sched[1], CultureInfo.InvariantCulture),
            switches is null ? 0 : long.Parse(switches[(switches.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), CultureInfo.InvariantCulture));
    }

    /// <summary>The counts from <paramref name="start"/> to these.</summary>
    public SlotThreadStat Since(SlotThreadStat start)
        => new(CpuNanoseconds - start.CpuNanoseconds, RunQueueNanoseconds - start.RunQueueNanoseconds, InvoluntarySwitches - start.InvoluntarySwitches);
}
