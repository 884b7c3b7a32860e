using System.Diagnostics;
using System.Globalization;
using HyperFlow.Bench;

namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>
/// Runs a job over the same events alternately with periodic checkpoints (each run into a fresh directory, so
/// none restores the one before) and without, in this process: W N, N W, W N, ... after a shorter warm-up of each.
/// </summary>
internal static class DipRunner
{
    /// <summary>Completed checkpoints each run keeps.</summary>
    public const int Retained = 2;

    // Long enough to skip the slot loop's ordinary gaps between reads (a batch through the chains: microseconds).
    private static readonly TimeSpan s_stallThreshold = TimeSpan.FromMilliseconds(2);

    public static DipJobResult Run(DipJob job, int runs, TimeSpan interval, string scratch, ProgressLog log)
    {
        log.Line($"{job.Name}: {job.Description}; {job.Events:N0} events x {runs} runs per side, checkpoints every {interval.TotalSeconds:F1} s");
        DipJob warmUp = job with { Events = Math.Max(job.Events / 4, 1000) };
        Measure(warmUp, null, scratch, log);
        Measure(warmUp, interval, scratch, log);
        log.Line("  warmed up");

        var pairs = new List<DipPair>(runs);
        long? expected = null;
        for (int run = 0; run < runs; run++)
        {
            bool withFirst = run % 2 == 0;
            (DipRun first, long firstChecksum) = Measure(job, withFirst ? interval : null, scratch, log);
            (DipRun second, long secondChecksum) = Measure(job, withFirst ? null : interval, scratch, log);
            expected ??= firstChecksum;
            Alternation.RequireSameWork(job.Name, expected.Value, firstChecksum);
            Alternation.RequireSameWork(job.Name, expected.Value, secondChecksum);
            var pair = withFirst ? new DipPair(first, second) : new DipPair(second, first);
            pairs.Add(pair);
            log.Line(string.Create(CultureInfo.InvariantCulture, $"  run {run + 1}: with {Describe(pair.With)}"));
            log.Line(string.Create(CultureInfo.InvariantCulture, $"         without {Describe(pair.Without)}; ratio {pair.With.EventsPerSecond / pair.Without.EventsPerSecond:F3}"));
        }

        return DipJobResult.Of(job, pairs);
    }

    private static (DipRun Run, long Checksum) Measure(DipJob job, TimeSpan? interval, string scratch, ProgressLog log)
    {
        log.Cancellation.ThrowIfCancellationRequested();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using ScratchDirectory? directory = interval is null ? null : new ScratchDirectory(scratch);
        var recorder = new CheckpointLogRecorder();
        var meter = new SlotMeter(s_stallThreshold);
        var options = new JobOptions
        {
            Parallelism = 1,
            Logger = recorder,
            RestartStrategy = RestartStrategy.None,
            Checkpointing = directory is null ? null : new CheckpointingOptions(directory.Path) { Interval = interval!.Value, Retained = Retained },
        };
        int gen2 = GC.CollectionCount(2);
        long allocated = GC.GetTotalAllocatedBytes();
        (JobResult result, long checksum) = job.Run(options, new MeteredSource<WindowEvent>(new RewindableWindowEventGenerator(job.Events, job.Keys), meter));
        if (result.RecordsRead != job.Events || meter.EndedAt == 0)
        {
            throw new InvalidOperationException($"{job.Name}: the run read {result.RecordsRead:N0} events, not {job.Events:N0}.");
        }

        CheckpointRecord[] periodic = [.. recorder.Completed.Where(c => c.Id != result.LastCheckpointId)];
        Stall[] capture = [.. meter.Stalls.Where(static s => s.AfterBarrier)];
        Stall[] other = [.. meter.Stalls.Where(static s => !s.AfterBarrier)];
        SlotThreadStat slot = meter.Thread;
        double seconds = meter.DataPath.TotalSeconds;
        var run = new DipRun(
            interval is not null,
            seconds,
            job.Events / seconds,
            result.Elapsed.TotalSeconds,
            periodic.Length,
            [.. periodic.Select(static c => c.Milliseconds)],
            [.. periodic.Select(static c => c.StoredBytes)],
            BarrierDelays(recorder.Triggers, meter),
            recorder.Aborted.Count,
            [.. capture.Select(static s => s.Milliseconds)],
            capture.Sum(static s => s.GcPauseMilliseconds),
            other.Length,
            other.Sum(static s => s.Milliseconds),
            meter.GcPause.TotalMilliseconds,
            GC.CollectionCount(2) - gen2,
            (GC.GetTotalAllocatedBytes() - allocated) / 1e6,
            slot.CpuNanoseconds / 1e6,
            slot.RunQueueNanoseconds / 1e6,
            slot.InvoluntarySwitches,
            meter.ProcessCpu.TotalMilliseconds - (slot.CpuNanoseconds / 1e6));
        foreach (string aborted in recorder.Aborted)
        {
            log.Line($"    aborted: {aborted}");
        }

        return (run, checksum);
    }

    /// <summary>For each barrier the source injected before the end of input, the time since the trigger before it.</summary>
    private static double[] BarrierDelays(IReadOnlyList<long> triggers, SlotMeter meter)
        => [.. meter.Barriers
            .Where(b => b <= meter.EndedAt && triggers.Any(t => t <= b))
            .Select(b => Stopwatch.GetElapsedTime(triggers.Last(t => t <= b), b).TotalMilliseconds)];

    private static string Describe(DipRun r)
    {
        string checkpoints = r.Checkpointing
            ? string.Create(
                CultureInfo.InvariantCulture,
                $", {r.Checkpoints} checkpoints (median {Median(r.CheckpointMilliseconds):F0} ms, {Median([.. r.StoredBytes.Select(static b => (double)b)]) / 1e6:F2} MB), barrier after {Median(r.BarrierDelayMilliseconds):F2} ms, capture stalls {r.CaptureStallMilliseconds.Count} = {r.CaptureStallTotalMilliseconds:F0} ms (GC {r.CaptureStallGcMilliseconds:F0})")
            : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{r.EventsPerSecond / 1e6,7:F2} M ev/s in {r.DataPathSeconds:F2} s{checkpoints}; other stalls {r.OtherStalls} = {r.OtherStallMilliseconds:F0} ms; GC {r.GcPauseMilliseconds:F0} ms ({r.Gen2Collections} gen2); slot cpu {r.SlotCpuMilliseconds:F0} ms, run-queue {r.SlotRunQueueMilliseconds:F0} ms; other threads {r.OtherThreadsCpuMilliseconds:F0} ms");
    }

    private static double Median(IReadOnlyList<double> values) => values.Count == 0 ? 0 : Stats.Of(values).Median;
}
