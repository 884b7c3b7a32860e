using System.CommandLine;
using System.Globalization;
using HyperFlow.PerfHarness;
using HyperFlow.PerfHarness.Checkpoints;
using HyperFlow.PerfHarness.Rings;
using TradeMonitor;

var cases = new Option<string[]>("--case", "-c")
{
    Description = $"Case(s) to run (repeatable). Default: all. Known: {string.Join(", ", Suites.Names)}.",
    AllowMultipleArgumentsPerToken = true,
};

Option<long> Events(long defaultValue)
{
    var option = new Option<long>("--events", "-n") { Description = "Events per run of a throughput case.", DefaultValueFactory = _ => defaultValue };
    OptionChecks.Require(option, static n => n >= 1000, static n => $"--events is {n} but must be at least 1000.");
    return option;
}

Option<int> Runs(int defaultValue)
{
    var option = new Option<int>("--runs", "-r") { Description = "Measured runs per side (after one warm-up each).", DefaultValueFactory = _ => defaultValue };
    OptionChecks.Require(option, static n => n >= 1, static n => $"--runs is {n} but must be at least 1.");
    return option;
}

var runEvents = Events(20_000_000);
var runRuns = Runs(7);
var runMessages = new Option<long>("--messages", "-m")
{
    Description = $"Recorded messages per run of a latency case (each run first sends {LatencyClock.WarmupMessages:N0} unrecorded warm-up messages).",
    DefaultValueFactory = _ => 1_000_000,
};
OptionChecks.Require(runMessages, static n => n >= 1000, static n => $"--messages is {n} but must be at least 1000.");
var json = new Option<string?>("--json") { Description = "Write the results as JSON to this file (e.g. perf-baselines/trade-monitor.json)." };
var note = new Option<string>("--note") { Description = "A note on the machine, stored with the results.", DefaultValueFactory = _ => string.Empty };
var run = new Command(
    "run",
    "Run cases, HyperFlow and peer alternated. Throughput cases: min/median/max events/s and the HyperFlow/peer ratio. "
    + "Latency cases: p50/p99/p99.9/max ns (median over runs) of each side and the HyperFlow/peer ratio of p50 and p99.")
{
    cases, runEvents, runMessages, runRuns, json, note,
};
run.SetAction(parse =>
{
    string[] names = parse.GetValue(cases) ?? [];
    int runs = parse.GetValue(runRuns);
    DateTimeOffset started = DateTimeOffset.UtcNow;
    CaseResult[] throughput = [.. Suites.Select(names).Select(c => Runner.Run(c, parse.GetValue(runEvents), runs, Console.Out))];
    LatencyCaseResult[] latency = [.. Suites.SelectLatency(names).Select(c => LatencyRunner.Run(c, parse.GetValue(runMessages), runs, Console.Out))];
    var report = new PerfReport(
        started,
        MachineInfo.Current(parse.GetValue(note)!),
        throughput,
        // Absent rather than empty, so a throughput-only report has the same shape as before latency cases existed.
        latency.Length > 0 ? latency : null);
    PrintTable(report);
    if (parse.GetValue(json) is { } path)
    {
        report.Write(path);
        Console.WriteLine($"results written to {Path.GetFullPath(path)}");
    }

    return 0;
});

var baseline = new Option<string>("--baseline", "-b")
{
    Description = "The committed results to compare with.",
    DefaultValueFactory = _ => Path.Combine("perf-baselines", "trade-monitor.json"),
};
var tolerance = new Option<double>("--tolerance", "-t")
{
    Description = "Allowed drop of the HyperFlow/peer ratio, as a fraction of the baseline ratio (0.5: fail below half).",
    DefaultValueFactory = _ => 0.5,
};
OptionChecks.Require(tolerance, static t => t is > 0 and < 1, static t => $"--tolerance is {t} but must be between 0 and 1 (exclusive).");
var compareEvents = Events(5_000_000);
var compareRuns = Runs(5);
var compare = new Command(
    "compare",
    "Run a short fresh measurement and compare each throughput case's HyperFlow/peer ratio with the baseline's. "
    + "Ratios, not absolute figures, are compared, so the speed of the machine cancels out. Exit code 1 on a regression. "
    + "Latency cases (latency/...) are not gated: their tails swing with vCPU placement and scheduler noise far beyond any useful "
    + "tolerance; a latency case named with --case is skipped with a note. Compare their `run` output by eye.")
{
    baseline, cases, compareEvents, compareRuns, tolerance,
};
compare.SetAction(parse =>
{
    string path = parse.GetValue(baseline)!;
    if (!File.Exists(path))
    {
        Console.Error.WriteLine($"Baseline {Path.GetFullPath(path)} does not exist. Create it with: run --json {path}");
        return 2;
    }

    PerfReport committed = PerfReport.Read(path);
    string[] names = parse.GetValue(cases) is { Length: > 0 } chosen ? chosen : [.. committed.Cases.Select(c => c.Name)];
    double allowed = 1 - parse.GetValue(tolerance);
    foreach (LatencyCase skipped in Suites.SelectLatency(names).Where(c => names.Contains(c.Name)))
    {
        Console.WriteLine($"skip {skipped.Name}: latency cases are not gated; measure them with: run --case {skipped.Name}");
    }

    bool regressed = false;
    foreach (PerfCase perfCase in Suites.Select(names))
    {
        CaseResult? before = committed.Cases.FirstOrDefault(c => c.Name == perfCase.Name);
        if (before is null)
        {
            Console.Error.WriteLine($"{perfCase.Name}: not in baseline {path}; re-create the baseline with: run --json {path}");
            return 2;
        }

        CaseResult now = Runner.Run(perfCase, parse.GetValue(compareEvents), parse.GetValue(compareRuns), Console.Out);
        double floor = before.Ratio.Median * allowed;
        bool ok = now.Ratio.Median >= floor;
        regressed |= !ok;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{(ok ? "ok  " : "FAIL")} {perfCase.Name}: ratio {now.Ratio.Median:F2} (baseline {before.Ratio.Median:F2}, floor {floor:F2})"));
    }

    if (regressed)
    {
        Console.Error.WriteLine("Performance regression: a HyperFlow/peer ratio fell below its floor. Profile the case, or, if the change is intended, re-create the baseline and say why in the commit.");
    }

    return regressed ? 1 : 0;
});

var root = new RootCommand(
    "HyperFlow perf harness: cross-thread throughput and latency of HyperFlow vs peers, alternated run by run in one process.")
{
    run,
    compare,
    CheckpointCommand.Create(),
    CheckpointDipCommand.Create(),
    NativeCheckpointCommand.Create(),
};
return root.Parse(args).Invoke();

static void PrintTable(PerfReport report)
{
    Console.WriteLine();
    Console.WriteLine($"machine: {report.Machine.Cpu}, {report.Machine.LogicalCores} logical cores, {report.Machine.Os}, {report.Machine.Runtime}");
    if (report.Cases.Count > 0)
    {
        Console.WriteLine($"{"case",-30} {"HyperFlow M ev/s min/med/max",-30} {"peer M ev/s min/med/max",-30} {"ratio med (min-max)",-20} peer");
        foreach (CaseResult c in report.Cases)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{c.Name,-30} {Fmt(c.HyperFlowEventsPerSecond),-30} {Fmt(c.PeerEventsPerSecond),-30} {$"{c.Ratio.Median:F2} ({c.Ratio.Min:F2}-{c.Ratio.Max:F2})",-20} {c.PeerName}"));
        }
    }

    if (report.Latency is { Count: > 0 } latency)
    {
        Console.WriteLine();
        Console.WriteLine("latency, ns, median over runs of each percentile; ratio HyperFlow/peer, lower is better for HyperFlow");
        Console.WriteLine($"{"case",-34} {"HyperFlow p50/p99/p99.9/max",-36} {"peer p50/p99/p99.9/max",-36} {"p50 ratio",-10} {"p99 ratio",-10} peer");
        foreach (LatencyCaseResult c in latency)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{c.Name,-34} {Percentiles(c.HyperFlowNanoseconds),-36} {Percentiles(c.PeerNanoseconds),-36} {c.P50Ratio.Median,-10:F2} {c.P99Ratio.Median,-10:F2} {c.PeerName}"));
        }
    }

    static string Fmt(Stats s) => string.Create(CultureInfo.InvariantCulture, $"{s.Min / 1e6:0.0##} / {s.Median / 1e6:0.0##} / {s.Max / 1e6:0.0##}");

    static string Percentiles(LatencyStats s)
        => string.Create(CultureInfo.InvariantCulture, $"{s.P50.Median:F0} / {s.P99.Median:F0} / {s.P999.Median:F0} / {s.Max.Median:F0}");
}
