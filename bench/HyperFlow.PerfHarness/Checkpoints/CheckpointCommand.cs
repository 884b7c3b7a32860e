using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using TradeMonitor;

namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>
/// The <c>checkpoint</c> command: checkpoint write throughput, FASTER incremental vs full size, and
/// recovery time of a given amount of keyed state, for the in-memory and FASTER backends, measured on
/// the storage and state layers directly (one subtask, no running job).
/// </summary>
/// <example>
/// <code>
/// dotnet run -c Release --project bench/HyperFlow.PerfHarness -- checkpoint                          # 1 GiB of state
/// dotnet run -c Release --project bench/HyperFlow.PerfHarness -- checkpoint --state-mb 16 --json out.json
/// </code>
/// </example>
internal static class CheckpointCommand
{
    private const int MaxStateMegabytes = 8192;

    // Peaks of a run, with some margin: the in-memory table, its snapshot copy and the restored table (40-byte slots at
    // most half full), then FASTER's log budget (a power of two above 1.25x the log) and index, live and restored.
    // A 128 MiB run peaked at 1.17 GB resident.
    private const double MemoryPerStateByte = 10;
    private const double DiskPerStateByte = 6;

    public static Command Create()
    {
        var stateMb = new Option<int>("--state-mb", "-s")
        {
            Description = $"Keyed state to checkpoint, in MiB of canonical snapshot bytes ({PositionData.CanonicalEntryBytes} bytes per key), 1 to {MaxStateMegabytes}. "
                + "Each backend holds the same keys.",
            DefaultValueFactory = _ => 1024,
        };
        OptionChecks.Require(
            stateMb,
            static mb => mb is >= 1 and <= MaxStateMegabytes,
            static mb => $"--state-mb is {mb} but must be between 1 and {MaxStateMegabytes} (MiB of keyed state); e.g. --state-mb 16 for a quick run, 1024 for the reference figures.");
        var json = new Option<string?>("--json") { Description = "Also write the figures as JSON to this file (e.g. perf-baselines/checkpoint-figures.json)." };
        var scratch = ScratchOption.Create("Directory under which the run's temporary files go (a fresh subdirectory, deleted at the end, also on Ctrl+C).", $"about {DiskPerStateByte} times the state");
        var note = new Option<string>("--note") { Description = "A note on the machine, stored with the results.", DefaultValueFactory = _ => string.Empty };
        var command = new Command(
            "checkpoint",
            "Checkpoint figures of keyed state (account positions: 9-digit account ids, 24-byte positions; partly compressible). In-memory backend: "
            + "snapshot capture (the data path's pause) and write through the checkpoint storage (LZ4, checksums, fsync), raw and stored MB/s and LZ4 ratio; "
            + "recovery from the latest checkpoint (open, verify checksums, decompress, restore). FASTER backend: full checkpoint, incremental after 1% of the "
            + "keys change (which kind FASTER actually wrote), full again, bytes of each and their ratio; recovery of the packaged checkpoint. "
            + "Needs about 10x the state in memory and 6x on disk; the default 1 GiB run takes a few minutes.")
        {
            stateMb, json, scratch, note,
        };
        command.SetAction(parse => Run(parse.GetValue(stateMb), parse.GetValue(json), parse.GetValue(scratch)!, parse.GetValue(note)!));
        return command;
    }

    private static int Run(int stateMb, string? jsonPath, string scratchParent, string note)
    {
        long stateBytes = (long)stateMb << 20;
        string? shortage = Shortage(stateBytes, scratchParent);
        if (shortage is not null)
        {
            Console.Error.WriteLine(shortage);
            return 2;
        }

        using var cancellation = new CancellationTokenSource();
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        var log = new ProgressLog(Console.Out, cancellation.Token);
        long keys = stateBytes / PositionData.CanonicalEntryBytes;
        DateTimeOffset started = DateTimeOffset.UtcNow;
        CheckpointFiguresReport report;
        try
        {
            using var directory = new ScratchDirectory(scratchParent);
            log.Line($"checkpoint figures: {stateMb} MiB of keyed state = {keys:N0} keys; files under {directory.Path}");
            log.Line($"data: {PositionData.Description}");
            InMemoryFigures inMemory = InMemoryCheckpointCase.Run(directory.Path, keys, log);
            Collect();
            FasterFigures faster = FasterCheckpointCase.Run(directory.Path, keys, log);
            report = new CheckpointFiguresReport(started, MachineInfo.Current(note), stateMb, keys, PositionData.Description, inMemory, faster);
            log.Line("removing the temporary files");
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("Cancelled; the temporary files were removed.");
            return 130;
        }

        Print(report);
        if (jsonPath is not null)
        {
            report.Write(jsonPath);
            Console.WriteLine($"results written to {Path.GetFullPath(jsonPath)}");
        }

        return 0;

        void Cancel(PosixSignalContext context)
        {
            // The first signal stops the run at the next step or progress line, so the temporary files are removed; a second one ends the process.
            if (!cancellation.IsCancellationRequested)
            {
                context.Cancel = true;
                Console.Error.WriteLine("Stopping after the current step and removing the temporary files (signal again to quit at once)...");
                cancellation.Cancel();
            }
        }
    }

    private static string? Shortage(long stateBytes, string scratchParent)
    {
        long memoryNeeded = (long)(stateBytes * MemoryPerStateByte);
        long memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (memoryNeeded > memory)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"--state-mb {stateBytes >> 20} needs about {memoryNeeded >> 20:N0} MiB of memory ({MemoryPerStateByte}x the state: both stores, their snapshots and restored copies); this process may use {memory >> 20:N0} MiB. Lower --state-mb.");
        }

        long diskNeeded = (long)(stateBytes * DiskPerStateByte);
        long disk = new DriveInfo(Path.GetFullPath(scratchParent)).AvailableFreeSpace;
        return diskNeeded > disk
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"--state-mb {stateBytes >> 20} needs about {diskNeeded >> 20:N0} MiB of disk under '{Path.GetFullPath(scratchParent)}' (FASTER's files, the checkpoints and the restored copy); {disk >> 20:N0} MiB are free. Lower --state-mb or point --scratch elsewhere.")
            : null;
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static void Print(CheckpointFiguresReport report)
    {
        InMemoryFigures m = report.InMemory;
        FasterFigures f = report.Faster;
        var o = Console.Out;
        o.WriteLine();
        o.WriteLine($"machine: {report.Machine.Cpu}, {report.Machine.LogicalCores} logical cores, {report.Machine.Os}, {report.Machine.Runtime}");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"state: {report.Keys:N0} keys; MB = 10^6 bytes"));
        o.WriteLine();
        o.WriteLine("in-memory backend, one checkpoint");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  size           {m.RawBytes / 1e6,9:F1} MB raw  {m.StoredBytes / 1e6,9:F1} MB stored  LZ4 ratio {m.CompressionRatio:F2}"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  capture        {m.CaptureMilliseconds,9:F0} ms      {m.CaptureRawMegabytesPerSecond,9:F0} MB/s raw   (TakeSnapshot: pauses the data path)"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  write          {m.WriteMilliseconds + m.CompleteMilliseconds,9:F0} ms      {m.WriteRawMegabytesPerSecond,9:F0} MB/s raw  {m.WriteStoredMegabytesPerSecond,6:F0} MB/s stored  (off the data path)"));
        PrintRecovery(m.Recovery);
        o.WriteLine();
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FASTER backend: log {f.LogBytes / 1e6:F1} MB, index {f.IndexBytes / 1e6:F1} MB; {f.ChangedKeys:N0} keys (1%) changed before the incremental"));
        o.WriteLine($"  {"checkpoint",-22} {"asked",-12} {"got",-12} {"native ms",10} {"package ms",11} {"written MB",10} {"stored MB",10} {"LZ4",5} {"shared",7} {"MB/s",7}");
        PrintFaster("first", f.First);
        PrintFaster("after 1% change", f.Incremental);
        PrintFaster("full, same state", f.Full);
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  full / incremental: {f.WrittenRatio:F1}x written by FASTER, {f.StoredRatio:F1}x newly stored"));
        PrintRecovery(f.Recovery);

        static void PrintFaster(string name, FasterCheckpointFigures c) => Console.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {name,-22} {c.Requested,-12} {c.Kind,-12} {c.NativeMilliseconds,10:F0} {c.PackageMilliseconds,11:F0} {c.WrittenBytes / 1e6,10:F1} {c.NewStoredBytes / 1e6,10:F1} {c.CompressionRatio,5:F2} {c.SharedFiles,7} {c.RawMegabytesPerSecond,7:F0}"));

        static void PrintRecovery(RecoveryFigures r)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  recovery       {r.TotalMilliseconds,9:F0} ms      {r.RawMegabytesPerSecond,9:F0} MB/s raw   ({r.Entries:N0} keys, checked)"));
            foreach (PhaseTime p in r.Phases)
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {p.Name,-44} {p.Milliseconds,9:F0} ms"));
            }
        }
    }
}
