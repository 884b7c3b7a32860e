using System.Numerics;
using HyperFlow.Storage.Checkpointing;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;

namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>
/// The FASTER backend: fill a table, take a full checkpoint, change 1% of the keys, take an
/// incremental one and then a full one of the same state, each packaged into <see cref="CheckpointStorage"/>;
/// then recover a fresh table from the latest packaged checkpoint after the live directory is gone.
/// <code>
///   checkpoint  FasterTable.TakeCheckpoint (FASTER: snapshot [+ index], fsync) ─▶ AddFasterCheckpoint (LZ4 copy or share) ─▶ manifest
///   recover     open storage ─▶ open latest (verify checksums) ─▶ unpack (LZ4 decode) ─▶ FasterTable.Recover
/// </code>
/// </summary>
/// <remarks>
/// FASTER 2.6.5 writes a complete incremental checkpoint only while its log has flushed nothing since
/// the last full snapshot (see <c>FasterStore.TakeCheckpoint</c>), so the log's memory budget is sized
/// for the whole log to stay in its mutable part; the report still says which kind was written.
/// </remarks>
internal static class FasterCheckpointCase
{
    private const string Uid = "positions-faster";
    private const string StateName = "positions";
    private const int Batch = 1024;
    private const int Samples = 10_000;

    public static FasterFigures Run(string directory, long keys, ProgressLog log)
    {
        var context = new KeyedStateContext("checkpoint-figures", Uid, 0, 1, KeyGroups.DefaultMaxParallelism);
        string checkpoints = Path.Combine(directory, "faster-checkpoints");
        FasterStoreOptions live = Options(Path.Combine(directory, "faster-live"), keys);
        log.Line($"FASTER backend: filling {keys:N0} keys (log budget {live.MemoryBudgetBytes >> 20} MiB, {live.IndexBuckets:N0} index buckets)");
        var table = new FasterTable<long, AccountPosition, TradeFill, PositionUpdater>(live);
        FasterCheckpointFigures first;
        FasterCheckpointFigures incremental;
        FasterCheckpointFigures full;
        long changed = keys / 100;
        Dictionary<long, AccountPosition> expected;
        FasterTableStatistics statistics;
        try
        {
            Fill(table, keys, log);
            statistics = table.Statistics;
            using CheckpointStorage storage = CheckpointStorage.Open(new CheckpointStorageOptions(checkpoints, "checkpoint-figures"));
            first = Checkpoint(storage, context, table, incremental: false, "first full checkpoint", log);
            log.Line($"FASTER backend: changing {changed:N0} keys (1%)");
            Change(table, changed);
            incremental = Checkpoint(storage, context, table, incremental: true, "incremental checkpoint", log);
            full = Checkpoint(storage, context, table, incremental: false, "full checkpoint of the same state", log);
            expected = Sample(table, keys);
        }
        finally
        {
            // Deletes the live directory: the recovery reads the checkpoint storage alone.
            table.Dispose();
        }

        RecoveryFigures recovery = Recover(directory, checkpoints, keys, expected, log);
        return new FasterFigures(
            statistics.LogSizeBytes,
            statistics.IndexSizeBytes,
            changed,
            first,
            incremental,
            full,
            Throughput.Ratio(full.WrittenBytes, incremental.WrittenBytes),
            Throughput.Ratio(full.NewStoredBytes, incremental.NewStoredBytes),
            recovery);
    }

    private static FasterStoreOptions Options(string directory, long keys)
    {
        const long recordBytes = 8 + sizeof(long) + 24;
        const int pageBytes = 1 << 20;

        // The whole log in the mutable part (90% of the budget), so in-place updates flush nothing and incremental checkpoints stay possible.
        long budget = Math.Max(64L << 20, (long)BitOperations.RoundUpToPowerOf2((ulong)(keys * recordBytes * 5 / 4) + (8 * pageBytes)));
        return new FasterStoreOptions
        {
            Directory = directory,
            MemoryBudgetBytes = budget,
            PageSizeBytes = pageBytes,
            SegmentSizeBytes = 256L << 20,
            IndexBuckets = Math.Max(FasterStoreOptions.MinIndexBuckets, (long)BitOperations.RoundUpToPowerOf2((ulong)Math.Max(1, keys / 4))),
            DeleteFilesOnDispose = true,
        };
    }

    private static void Fill(FasterTable<long, AccountPosition, TradeFill, PositionUpdater> table, long keys, ProgressLog log)
    {
        var random = new Random(42);
        for (long start = 0; start < keys; start += Batch)
        {
            long end = Math.Min(keys, start + Batch);
            table.BeginBatch();
            try
            {
                for (long i = start; i < end; i++)
                {
                    table.Upsert(PositionData.Account(i), PositionData.Next(random));
                    log.Count("filled", i + 1, keys, 5_000_000);
                }
            }
            finally
            {
                table.EndBatch();
            }
        }
    }

    /// <summary>Updates one key in each run of 100 (a random one of them): 1% of the keys, spread over the whole log.</summary>
    private static void Change(FasterTable<long, AccountPosition, TradeFill, PositionUpdater> table, long changed)
    {
        var random = new Random(1);
        for (long start = 0; start < changed; start += Batch)
        {
            long end = Math.Min(changed, start + Batch);
            table.BeginBatch();
            try
            {
                for (long j = start; j < end; j++)
                {
                    table.Rmw(PositionData.Account((j * 100) + random.Next(100)), PositionData.NextFill(random));
                }
            }
            finally
            {
                table.EndBatch();
            }
        }
    }

    private static FasterCheckpointFigures Checkpoint(
        CheckpointStorage storage, KeyedStateContext context, FasterTable<long, AccountPosition, TradeFill, PositionUpdater> table, bool incremental, string what, ProgressLog log)
    {
        log.Line($"FASTER backend: {what}");
        FasterCheckpoint checkpoint = null!;
        FasterSnapshotManifest packaged = null!;
        PhaseTime native = log.Time("FASTER TakeCheckpoint", () => checkpoint = table.TakeCheckpoint(preferIncremental: incremental));
        PhaseTime package = log.Time("package (AddFasterCheckpoint + Complete)", () =>
        {
            using CheckpointWriter writer = storage.BeginCheckpoint(storage.NextCheckpointId, "Faster");
            packaged = writer.AddFasterCheckpoint(context, new FasterStateCheckpoint(StateName, StateKind.Value, "raw", checkpoint));
            writer.Complete();
        });
        var own = packaged.Files.Where(static f => !f.Path.StartsWith("../", StringComparison.Ordinal)).ToList();
        long newRaw = own.Sum(static f => f.RawSize);
        long newStored = own.Sum(static f => f.StoredSize);
        var figures = new FasterCheckpointFigures(
            incremental ? FasterCheckpointKind.Incremental : FasterCheckpointKind.Full,
            checkpoint.Kind,
            native.Milliseconds,
            checkpoint.WrittenBytes,
            package.Milliseconds,
            checkpoint.Files.Sum(static f => f.Length),
            newStored,
            newRaw,
            packaged.Files.Count - own.Count,
            Throughput.Ratio(newRaw, newStored),
            Throughput.MegabytesPerSecond(checkpoint.WrittenBytes, native.Milliseconds + package.Milliseconds));
        log.Line($"  {figures.Kind}: FASTER wrote {figures.WrittenBytes / 1e6:F1} MB; stored {figures.NewStoredBytes / 1e6:F1} MB new (LZ4 of {figures.NewRawBytes / 1e6:F1} MB), {figures.SharedFiles} file(s) shared");
        return figures;
    }

    private static Dictionary<long, AccountPosition> Sample(FasterTable<long, AccountPosition, TradeFill, PositionUpdater> table, long keys)
    {
        var random = new Random(7);
        var sample = new Dictionary<long, AccountPosition>(Samples);
        for (int i = 0; i < Samples; i++)
        {
            long account = PositionData.Account(random.NextInt64(keys));
            if (!table.TryRead(account, out AccountPosition position))
            {
                throw new InvalidOperationException($"Account {account} has no position in the live FASTER table.");
            }

            sample[account] = position;
        }

        return sample;
    }

    private static RecoveryFigures Recover(string directory, string checkpoints, long keys, Dictionary<long, AccountPosition> expected, ProgressLog log)
    {
        log.Line("FASTER backend: recovering a fresh table from the latest packaged checkpoint");
        string target = Path.Combine(directory, "faster-restored");
        CheckpointStorage storage = null!;
        CheckpointReader reader = null!;
        FasterCheckpoint unpacked = null!;
        FasterTable<long, AccountPosition, TradeFill, PositionUpdater> table = null!;
        var phases = new List<PhaseTime>
        {
            log.Time("open storage", () => storage = CheckpointStorage.Open(new CheckpointStorageOptions(checkpoints, "checkpoint-figures"))),
        };
        using (storage)
        {
            phases.Add(log.Time("open latest (verify checksums)", () => reader = storage.OpenLatest(new CheckpointRestoreOptions([Uid]))
                ?? throw new InvalidOperationException($"No checkpoint found in '{checkpoints}' right after writing three.")));
            phases.Add(log.Time("unpack (LZ4 decode to files)", () => unpacked = reader.RestoreFasterCheckpoint(Uid, 0, StateName, target)));
        }

        phases.Add(log.Time("FasterTable.Recover", () => table = FasterTable<long, AccountPosition, TradeFill, PositionUpdater>.Recover(Options(target, keys), unpacked)));
        using (table)
        {
            if (table.Count != keys)
            {
                throw new InvalidOperationException($"The recovered FASTER table holds {table.Count:N0} keys, not the {keys:N0} written.");
            }

            foreach ((long account, AccountPosition position) in expected)
            {
                if (!table.TryRead(account, out AccountPosition recovered) || recovered != position)
                {
                    throw new InvalidOperationException($"Account {account} recovered from FASTER as {recovered}, not {position}.");
                }
            }

            return RecoveryFigures.Of(phases, unpacked.WrittenBytes, table.Count);
        }
    }
}
