using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using HyperFlow.Storage.Checkpointing;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;
using TradeMonitor;

namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>
/// The <c>native-checkpoint</c> command: what a running job's checkpoint of a FASTER store costs, canonical
/// (a scan of the state into snapshot bytes) against FASTER's native checkpoint (full, then incremental after
/// a few keys changed): the capture on the slot thread (the data path's pause) and the writing or packaging
/// on the snapshot writer's thread, and the bytes each checkpoint stored itself.
/// </summary>
/// <example>
/// <code>
///   capture (slot thread)                    write (snapshot writer thread)
///   canonical  TakeSnapshot: scan ─────────▶ WriteKeyedState: LZ4, checksums, fsync ─▶ manifest
///   native     TakeCheckpoint: FASTER ─────▶ AddFasterCheckpoint: LZ4 copy or share ─▶ manifest
///
/// dotnet run -c Release --project bench/HyperFlow.PerfHarness -- native-checkpoint --keys 4000000
/// </code>
/// </example>
internal static class NativeCheckpointCommand
{
    private const long MinKeys = 1_000;
    private const long MaxKeys = 100_000_000;

    // A raw record of a long key and a long value with FASTER's header, rounded up: sizes the log so it stays mutable.
    private const long RecordBytes = 32;

    public static Command Create()
    {
        var keys = new Option<long>("--keys", "-k") { Description = $"Keys of the state (a long value each), {MinKeys:N0} to {MaxKeys:N0}.", DefaultValueFactory = _ => 4_000_000 };
        OptionChecks.Require(
            keys,
            static n => n is >= MinKeys and <= MaxKeys,
            static n => $"--keys is {n} but must be between {MinKeys:N0} and {MaxKeys:N0}; e.g. --keys 10000 for a smoke run, 4000000 for the figures.");
        var changed = new Option<int>("--changed-permille") { Description = "Keys changed between the checkpoints, per mille (10: 1%), 1 to 1000.", DefaultValueFactory = _ => 10 };
        OptionChecks.Require(changed, static n => n is >= 1 and <= 1000, static n => $"--changed-permille is {n} but must be between 1 and 1000.");
        var scratch = ScratchOption.Create("Directory under which the run's FASTER store and checkpoints go (a fresh subdirectory, deleted at the end).", "about 5 times keys x 32 bytes");
        var command = new Command(
            "native-checkpoint",
            "Checkpoint of a FASTER keyed state store (one value state of long keys and values, its log sized to stay in memory): canonical capture and write "
            + "vs FASTER's native checkpoint, full then incremental after --changed-permille of the keys changed. Reports the capture time (the data path's "
            + "pause), the write or packaging time (background), the kind FASTER wrote and the bytes each checkpoint stored itself.")
        {
            keys, changed, scratch,
        };
        command.SetAction(parse => Run(parse.GetValue(keys), parse.GetValue(changed), parse.GetValue(scratch)!));
        return command;
    }

    private static int Run(long keys, int changedPermille, string scratchParent)
    {
        using var scratch = new ScratchDirectory(scratchParent);
        using CheckpointStorage storage = CheckpointStorage.Open(new CheckpointStorageOptions(Path.Combine(scratch.Path, "checkpoints"), "native-checkpoint") { RetainedCheckpoints = 8 });
        var context = new KeyedStateContext("native-checkpoint", "positions", 0, 1, KeyGroups.DefaultMaxParallelism);
        var options = new FasterStoreOptions
        {
            Directory = Path.Combine(scratch.Path, "faster"),
            // Twice the log, so it stays in the mutable part: incremental checkpoints stay possible.
            MemoryBudgetBytes = (long)BitOperations.RoundUpToPowerOf2((ulong)Math.Max(keys * RecordBytes * 2, FasterStoreOptions.DefaultPageSizeBytes * FasterStoreOptions.MinPagesInMemory)),
            IndexBuckets = (long)BitOperations.RoundUpToPowerOf2((ulong)Math.Max(keys / 4, FasterStoreOptions.MinIndexBuckets)),
        };
        using var store = new FasterKeyedStateStore<long>(context, options);
        ValueState<long> state = store.GetValueState(new ValueStateDescriptor<long>("positions"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FASTER store: {keys:N0} keys, memory budget {options.MemoryBudgetBytes >> 20} MiB, {options.IndexBuckets:N0} index buckets"));
        Write(store, state, keys, step: 1, round: 0);

        var rows = new List<(string Step, double CaptureMs, double WriteMs, string Kind, long OwnStored, long Stored)>
        {
            Canonical(storage, store, "canonical"),
            Native(storage, store, "native, first"),
        };
        long step = 1000 / changedPermille;
        Write(store, state, keys, step, round: 1);
        rows.Add(Native(storage, store, $"native, {changedPermille}‰ changed"));
        Write(store, state, keys, step, round: 2);
        rows.Add(Canonical(storage, store, $"canonical, {changedPermille}‰ changed"));

        Console.WriteLine();
        Console.WriteLine($"{"checkpoint",-24} {"capture ms",12} {"write ms",10} {"kind",-12} {"own stored kB",14} {"total stored kB",16}");
        foreach ((string name, double capture, double write, string kind, long own, long stored) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-24} {capture,12:F1} {write,10:F1} {kind,-12} {own / 1e3,14:F1} {stored / 1e3,16:F1}"));
        }

        return 0;
    }

    /// <summary>Updates every <paramref name="step"/>-th key in batches, as a slot would.</summary>
    private static void Write(FasterKeyedStateStore<long> store, ValueState<long> state, long keys, long step, long round)
    {
        const int batch = 1024;
        for (long start = 0; start < keys; start += batch * step)
        {
            store.BeginBatch();
            try
            {
                for (long k = start; k < Math.Min(keys, start + (batch * step)); k += step)
                {
                    store.SetCurrentKey(k, KeyHash.Of(k));
                    state.Update(k + round);
                }
            }
            finally
            {
                store.EndBatch();
            }
        }
    }

    private static (string, double, double, string, long, long) Canonical(CheckpointStorage storage, FasterKeyedStateStore<long> store, string name)
    {
        using CheckpointWriter writer = storage.BeginCheckpoint(storage.NextCheckpointId, "Faster");
        long started = Stopwatch.GetTimestamp();
        KeyedStateSnapshot snapshot = store.TakeSnapshot();
        double capture = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        started = Stopwatch.GetTimestamp();
        writer.WriteKeyedState(store.Context, snapshot);
        CheckpointManifest manifest = writer.Complete();
        return (name, capture, Stopwatch.GetElapsedTime(started).TotalMilliseconds, "canonical", OwnStored(manifest), Stored(manifest));
    }

    private static (string, double, double, string, long, long) Native(CheckpointStorage storage, FasterKeyedStateStore<long> store, string name)
    {
        using CheckpointWriter writer = storage.BeginCheckpoint(storage.NextCheckpointId, "Faster");
        long started = Stopwatch.GetTimestamp();
        IReadOnlyList<FasterStateCheckpoint> checkpoints = store.TakeCheckpoint();
        double capture = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        started = Stopwatch.GetTimestamp();
        foreach (FasterStateCheckpoint checkpoint in checkpoints)
        {
            writer.AddFasterCheckpoint(store.Context, checkpoint);
        }

        CheckpointManifest manifest = writer.Complete();
        double write = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        store.ReleaseCheckpoint(checkpoints);
        string kind = string.Join("+", checkpoints.Select(static c => c.Checkpoint.Kind == FasterCheckpointKind.Incremental ? "incremental" : "full").Distinct());
        return (name, capture, write, kind, OwnStored(manifest), Stored(manifest));
    }

    private static long OwnStored(CheckpointManifest manifest)
        => manifest.Files().Where(static f => !f.File.Path.StartsWith("../", StringComparison.Ordinal)).Sum(static f => f.File.StoredSize);

    private static long Stored(CheckpointManifest manifest) => manifest.Files().Sum(static f => f.File.StoredSize);
}
