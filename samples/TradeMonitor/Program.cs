using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HyperFlow;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.State;
using TradeMonitor;

var events = new Option<long>("--events", "-n")
{
    Description = "Number of trades to generate (a bounded run).",
    DefaultValueFactory = static _ => 50_000_000,
};
OptionChecks.Require(events, static n => n >= 0, static n => $"--events is {n} but must be zero or more.");

var unbounded = new Option<bool>("--unbounded")
{
    Description = "Generate trades until Ctrl+C (ignores --events).",
};

var parallelism = new Option<int?>("--parallelism", "-p")
{
    Description = "Number of task slots (threads). Default: one per processor.",
};
OptionChecks.Require(parallelism, static p => p is >= 1 and <= 128, static p => $"--parallelism must be between 1 and 128, got {p}.");

var accounts = new Option<int>("--accounts")
{
    Description = "Number of distinct accounts (keys).",
    DefaultValueFactory = static _ => 10_000,
};
OptionChecks.Require(accounts, static n => n >= 1, static n => $"--accounts is {n} but must be at least 1.");

var output = new Option<string>("--output", "-o")
{
    Description = "CSV file the final totals are written to (account,total).",
    DefaultValueFactory = static _ => Path.Combine("out", "totals.csv"),
};

var stateBackend = new Option<string>("--state-backend")
{
    Description = "Where the per-account totals live: 'inmemory' (fastest) or 'faster' (on disk under --state-dir, larger than memory).",
    DefaultValueFactory = static _ => "inmemory",
};
stateBackend.AcceptOnlyFromAmong("inmemory", "faster");

var stateDir = new Option<string>("--state-dir")
{
    Description = "Folder for the FASTER backend's working files (deleted when the job ends).",
    DefaultValueFactory = static _ => Path.Combine("out", "state"),
};

var stateMemory = new Option<int>("--state-memory-mb")
{
    Description = "FASTER backend: memory for state per subtask, in MiB; the rest goes to disk.",
    DefaultValueFactory = static _ => 256,
};
OptionChecks.Require(stateMemory, static mb => mb is >= 1 and <= 1 << 20, static mb => $"--state-memory-mb is {mb} but must be between 1 and 1048576.");

var checkpoints = new Option<string?>("--checkpoints")
{
    Description = "Take checkpoints in this directory; a later run with the same directory (and parallelism) resumes from the latest one, "
        + "after Ctrl+C or a crash, and ends with the same totals as a run that never stopped.",
};

var checkpointInterval = new Option<double>("--checkpoint-interval")
{
    Description = "Seconds between checkpoints (with --checkpoints).",
    DefaultValueFactory = static _ => 5,
};
OptionChecks.Require(checkpointInterval, static s => s is > 0 and <= 86_400, static s => $"--checkpoint-interval is {s} but must be more than 0 and at most 86400 seconds.");

var savepointOnStop = new Option<string?>("--savepoint-on-stop")
{
    Description = "With --checkpoints: on Ctrl+C or SIGTERM, first write a savepoint to this (new or empty) directory, then stop "
        + "(as Flink's stop-with-savepoint). Start a later run from it with --restore-from.",
};

var restoreFrom = new Option<string?>("--restore-from")
{
    Description = "With --checkpoints: start from this savepoint (or checkpoint folder) when the --checkpoints directory holds no checkpoint yet.",
};

var root = new RootCommand(
    "HyperFlow TradeMonitor: the running total of large trades per account.\n"
    + "trades -> [Map] notional -> [Filter] large -> [KeyBy] account -> [Aggregate] running sum -> totals.csv")
{
    events,
    unbounded,
    parallelism,
    accounts,
    output,
    stateBackend,
    stateDir,
    stateMemory,
    checkpoints,
    checkpointInterval,
    savepointOnStop,
    restoreFrom,
};

root.Validators.Add(result =>
{
    if (result.GetValue(checkpoints) is null && (result.GetValue(savepointOnStop) is not null || result.GetValue(restoreFrom) is not null))
    {
        result.AddError("--savepoint-on-stop and --restore-from need --checkpoints DIR: savepoints are taken and restored by a job with checkpoints.");
    }
});

root.SetAction(async (parse, invocationToken) =>
{
    using var stop = CancellationTokenSource.CreateLinkedTokenSource(invocationToken);
    CancellationToken cancellationToken = stop.Token;

    var generator = new TradeGenerator(parse.GetValue(unbounded) ? null : parse.GetValue(events), parse.GetValue(accounts));
    string outputPath = parse.GetValue(output)!;
    var sink = new TotalsSink(outputPath);
    IStateBackend backend = InMemoryStateBackend.Instance;
    if (parse.GetValue(stateBackend) == "faster")
    {
        // FASTER needs the JIT; in the native AOT build this branch is compiled out.
        if (!RuntimeFeature.IsDynamicCodeSupported)
        {
            Console.Error.WriteLine("--state-backend faster is not available in the native AOT build (FASTER needs the JIT). Run with `dotnet run --project samples/TradeMonitor -c Release -- --state-backend faster`.");
            return 1;
        }

        backend = new FasterStateBackend(new FasterStoreOptions
        {
            Directory = parse.GetValue(stateDir)!,
            MemoryBudgetBytes = parse.GetValue(stateMemory) * (1L << 20),
            PageSizeBytes = (int)Math.Min(1 << 20, parse.GetValue(stateMemory) * (1L << 20) / 4),
        });
    }

    string? checkpointDir = parse.GetValue(checkpoints);
    var options = new JobOptions
    {
        Parallelism = parse.GetValue(parallelism),
        StateBackend = backend,
        Checkpointing = checkpointDir is null ? null : new CheckpointingOptions(checkpointDir)
        {
            Interval = TimeSpan.FromSeconds(parse.GetValue(checkpointInterval)),
            RestoreFrom = parse.GetValue(restoreFrom),
        },
        // Checkpoints, restores and restarts are reported on the console.
        Logger = checkpointDir is null ? null : new ConsoleLog(),
    };
    var host = new JobHost(TradeMonitorJob.Definition, options)
        .BindSource("trades", generator)
        .BindSink("totals", sink);

    // Ctrl+C (SIGINT) and SIGTERM stop the job gracefully: the slots stop, the summary says so; with
    // --savepoint-on-stop a savepoint is written first.
    string? savepoint = parse.GetValue(savepointOnStop);
    int stopping = 0;
    void OnStopSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.Exchange(ref stopping, 1) != 0 || savepoint is null)
        {
            stop.Cancel();
            return;
        }

        Console.WriteLine($"stopping: writing a savepoint to {Path.GetFullPath(savepoint)} first (Ctrl+C again to stop without it)");
        _ = Task.Run(async () =>
        {
            try
            {
                var manifest = await host.TriggerSavepointAsync(savepoint, cancellationToken);
                Console.WriteLine($"savepoint {manifest.CheckpointId} written to {Path.GetFullPath(savepoint)}; start from it with --restore-from");
            }
            catch (Exception ex) when (ex is HyperFlow.Storage.Checkpointing.CheckpointException or InvalidOperationException or OperationCanceledException)
            {
                Console.Error.WriteLine($"no savepoint written: {ex.Message}");
            }

            stop.Cancel();
        });
    }

    using PosixSignalRegistration onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnStopSignal);
    using PosixSignalRegistration onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnStopSignal);

    Console.WriteLine($"HyperFlow {TradeMonitorJob.Definition.Graph}");
    Console.WriteLine($"parallelism {options.EffectiveParallelism}, state {backend.Name}, {(generator.Count == long.MaxValue ? "unbounded (Ctrl+C to stop)" : Format(generator.Count) + " trades")}, {Format(generator.Accounts)} accounts");

    using var progress = new Timer(
        _ => Console.WriteLine($"  ... {Format(generator.Produced)} trades read, {Format(sink.Updates)} total updates"),
        null,
        TimeSpan.FromSeconds(2),
        TimeSpan.FromSeconds(2));
    var clock = Stopwatch.StartNew();
    try
    {
        JobResult result = await host.RunAsync(cancellationToken);
        await progress.DisposeAsync();
        Console.WriteLine($"processed {Format(result.RecordsRead)} trades in {result.Elapsed.TotalSeconds:F2} s: {result.EventsPerSecond / 1e6:F1} M events/s");
        if (result.LastCheckpointId > 0)
        {
            Console.WriteLine($"final checkpoint {result.LastCheckpointId} in {Path.GetFullPath(checkpointDir!)}");
        }

        Console.WriteLine($"large trades (total updates): {Format(result.RecordsWritten)}; accounts with large trades: {Format(sink.Totals.Count)}");
        Console.WriteLine("top accounts by total (cents):");
        foreach (KeyValuePair<long, long> top in sink.Totals.OrderByDescending(static e => e.Value).ThenBy(static e => e.Key).Take(5))
        {
            Console.WriteLine($"  account {top.Key,6}: {Format(top.Value)}");
        }

        Console.WriteLine($"totals written to {Path.GetFullPath(outputPath)}");
        return 0;
    }
    catch (OperationCanceledException)
    {
        Console.WriteLine($"cancelled after {clock.Elapsed.TotalSeconds:F1} s: {Format(generator.Produced)} trades read; no totals written."
            + (checkpointDir is null ? string.Empty : " Run again with the same --checkpoints directory to resume from the latest checkpoint."));
        return 130;
    }
});

return await root.Parse(args).InvokeAsync();

static string Format(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
