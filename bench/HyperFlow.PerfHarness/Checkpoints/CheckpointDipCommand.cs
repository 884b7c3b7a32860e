using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using HyperFlow.Storage.InMemory;
using TradeMonitor;

namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>
/// The <c>checkpoint-dip</c> command: events/s of the data path with periodic checkpoints against without,
/// run by run alternated in one process, for a job with little keyed state (1 s tumbling windows) and one
/// with a lot (a running sum over millions of keys); with the checkpoints' count, duration and size, and
/// where the extra time went (the synchronous capture at the barrier, garbage collection, the slot thread
/// losing its CPU, the other threads' CPU).
/// </summary>
/// <example>
/// <code>
/// dotnet run -c Release --project bench/HyperFlow.PerfHarness -- checkpoint-dip --json perf-baselines/checkpoint-dip.json
/// dotnet run -c Release --project bench/HyperFlow.PerfHarness -- checkpoint-dip --job large-state --runs 1 --state-events 20000000
/// </code>
/// </example>
internal static class CheckpointDipCommand
{
    private static readonly string[] s_jobs = ["windowed", "large-state"];

    public static Command Create()
    {
        var runs = new Option<int>("--runs", "-r") { Description = "Measured runs per side (after a warm-up of each on a quarter of the events).", DefaultValueFactory = _ => 5 };
        OptionChecks.Require(runs, static n => n >= 1, static n => $"--runs is {n} but must be at least 1.");
        var windowEvents = new Option<long>("--window-events") { Description = "Events per run of the windowed job (about 80 M ev/s: 6 s).", DefaultValueFactory = _ => 480_000_000 };
        OptionChecks.Require(windowEvents, static n => n >= 1000L, static n => $"--window-events is {n} but must be at least 1000.");
        var stateEvents = new Option<long>("--state-events") { Description = "Events per run of the large-state job.", DefaultValueFactory = _ => 160_000_000 };
        OptionChecks.Require(stateEvents, static n => n >= 1000L, static n => $"--state-events is {n} but must be at least 1000.");
        var stateKeys = new Option<long>("--state-keys") { Description = "Distinct keys of the large-state job (4,000,000: a 201 MB state table).", DefaultValueFactory = _ => 4_000_000 };
        OptionChecks.Require(stateKeys, static n => n >= 1L, static n => $"--state-keys is {n} but must be at least 1.");
        var intervalMs = new Option<int>("--interval-ms") { Description = "Checkpoint interval of the runs with checkpoints.", DefaultValueFactory = _ => 1000 };
        OptionChecks.Require(intervalMs, static n => n >= 1, static n => $"--interval-ms is {n} but must be at least 1.");
        var jobs = new Option<string[]>("--job", "-j")
        {
            Description = $"Job(s) to run (repeatable). Default: all. Known: {string.Join(", ", s_jobs)}.",
            AllowMultipleArgumentsPerToken = true,
        };
        jobs.AcceptOnlyFromAmong(s_jobs);
        var json = new Option<string?>("--json") { Description = "Also write the figures as JSON to this file (e.g. perf-baselines/checkpoint-dip.json)." };
        var scratch = ScratchOption.Create("Directory under which each run with checkpoints writes them (a fresh subdirectory, deleted after the run).", "a few checkpoints of the state");
        var note = new Option<string>("--note") { Description = "A note on the machine, stored with the results.", DefaultValueFactory = _ => string.Empty };
        var command = new Command(
            "checkpoint-dip",
            "Events/s of the data path with checkpoints every second (in-memory backend, rewindable source, retained 2) against without, alternated run by run: "
            + "the windowed job (little state) and a running sum over millions of keys (a large state, copied at each barrier and written asynchronously). "
            + "Reports the ratio, checkpoints per run, their duration and stored size, and the extra time split into capture stalls, GC, lost CPU and other threads' CPU.")
        {
            runs, windowEvents, stateEvents, stateKeys, intervalMs, jobs, json, scratch, note,
        };
        command.SetAction(parse =>
        {
            string[] chosen = parse.GetValue(jobs) is { Length: > 0 } named ? named : s_jobs;
            DipJob[] selected =
            [
                .. chosen.Contains("windowed") ? [DipJob.Windowed(parse.GetValue(windowEvents))] : Array.Empty<DipJob>(),
                .. chosen.Contains("large-state") ? [DipJob.LargeState(parse.GetValue(stateEvents), parse.GetValue(stateKeys))] : Array.Empty<DipJob>(),
            ];
            return Run(selected, parse.GetValue(runs), TimeSpan.FromMilliseconds(parse.GetValue(intervalMs)), parse.GetValue(scratch)!, parse.GetValue(json), parse.GetValue(note)!);
        });
        return command;
    }

    private static int Run(DipJob[] jobs, int runs, TimeSpan interval, string scratch, string? jsonPath, string note)
    {
        using var cancellation = new CancellationTokenSource();
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        var log = new ProgressLog(Console.Out, cancellation.Token);
        DateTimeOffset started = DateTimeOffset.UtcNow;
        var results = new List<DipJobResult>();
        try
        {
            foreach (DipJob job in jobs)
            {
                results.Add(DipRunner.Run(job, runs, interval, scratch, log));
            }
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("Cancelled; the temporary files were removed.");
            return 130;
        }

        var report = new CheckpointDipReport(started, MachineInfo.Current(note), interval.TotalSeconds, DipRunner.Retained, InMemoryStateBackend.Instance.Name, results);
        Print(report);
        if (jsonPath is not null)
        {
            report.Write(jsonPath);
            Console.WriteLine($"results written to {Path.GetFullPath(jsonPath)}");
        }

        return 0;

        void Cancel(PosixSignalContext context)
        {
            // The first signal stops before the next run, so its checkpoint directory is removed; a second one ends the process.
            if (!cancellation.IsCancellationRequested)
            {
                context.Cancel = true;
                Console.Error.WriteLine("Stopping after the current run (signal again to quit at once)...");
                cancellation.Cancel();
            }
        }
    }

    private static void Print(CheckpointDipReport report)
    {
        var o = Console.Out;
        o.WriteLine();
        o.WriteLine($"machine: {report.Machine.Cpu}, {report.Machine.LogicalCores} logical cores, {report.Machine.Os}, {report.Machine.Runtime}");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"checkpoints every {report.IntervalSeconds:F1} s, {report.Backend} backend, retained {report.Retained}; medians; MB = 10^6 bytes"));
        o.WriteLine($"{"job",-12} {"with M ev/s",12} {"without M ev/s",15} {"ratio",6} {"pair ratio min-max",19} {"ckpts/run",10} {"ckpt ms",8} {"stored MB",10} {"capture ms",11}");
        foreach (DipJobResult j in report.Jobs)
        {
            o.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{j.Name,-12} {j.WithEventsPerSecond.Median / 1e6,12:F2} {j.WithoutEventsPerSecond.Median / 1e6,15:F2} {j.RatioOfMedians,6:F3} {$"{j.PairRatio.Min:F3}-{j.PairRatio.Max:F3}",19} {j.CheckpointsPerRun.Median,10:F0} {j.CheckpointMilliseconds.Median,8:F0} {j.StoredMegabytes.Median,10:F2} {j.CaptureStallMilliseconds.Median,11:F1}"));
        }

        o.WriteLine();
        o.WriteLine("extra data-path time per run, with - without (median over pairs), ms");
        o.WriteLine($"{"job",-12} {"total",8} {"capture stalls",15} {"GC pauses",10} {"other stalls",13} {"slot cpu",9} {"slot run-queue",15} {"other threads cpu",18}");
        foreach (DipJobResult j in report.Jobs)
        {
            o.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{j.Name,-12} {j.ExtraDataPathMilliseconds,8:F0} {j.CaptureStallTotalMilliseconds,15:F0} {j.ExtraGcPauseMilliseconds,10:F0} {j.ExtraOtherStallMilliseconds,13:F0} {j.ExtraSlotCpuMilliseconds,9:F0} {j.ExtraSlotRunQueueMilliseconds,15:F0} {j.ExtraOtherThreadsCpuMilliseconds,18:F0}"));
        }
    }
}
