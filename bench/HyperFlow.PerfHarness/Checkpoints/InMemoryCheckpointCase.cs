using HyperFlow.Storage.Checkpointing;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;

namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>
/// The in-memory backend: fill a store, checkpoint it through <see cref="CheckpointStorage"/>, then
/// recover a fresh store from the checkpoint as a restarted process would.
/// <code>
///   capture  store ─▶ TakeSnapshot (copy of the tables, on the caller's thread: the data path's pause)
///   write    snapshot ─▶ canonical bytes ─▶ LZ4 frame + xxHash64 ─▶ file, fsync ─▶ manifest
///   recover  open storage ─▶ open latest (verify checksums) ─▶ LZ4 decode + parse ─▶ claim into the state's table
/// </code>
/// </summary>
internal static class InMemoryCheckpointCase
{
    private const string Uid = "positions";
    private const int Samples = 10_000;

    private static readonly ValueStateDescriptor<AccountPosition> s_position = new("position");

    public static InMemoryFigures Run(string directory, long keys, ProgressLog log)
    {
        var context = new KeyedStateContext("checkpoint-figures", Uid, 0, 1, KeyGroups.DefaultMaxParallelism);
        string checkpoints = Path.Combine(directory, "in-memory-checkpoints");
        log.Line($"in-memory backend: filling {keys:N0} keys");
        using KeyedStateStore<long> store = InMemoryStateBackend.Instance.CreateKeyedStore<long>(context);
        Fill(store, keys, log);

        KeyedStateSnapshot snapshot = null!;
        StateFileManifest file = null!;
        PhaseTime capture = log.Time("capture (TakeSnapshot)", () => snapshot = store.TakeSnapshot());
        PhaseTime write;
        PhaseTime complete;
        using (CheckpointStorage storage = CheckpointStorage.Open(new CheckpointStorageOptions(checkpoints, "checkpoint-figures")))
        using (CheckpointWriter writer = storage.BeginCheckpoint(storage.NextCheckpointId, "InMemory"))
        {
            log.Line("  writing the snapshot through CheckpointWriter (canonical, LZ4, fsync)");
            write = log.Time("write (WriteKeyedState)", () => file = writer.WriteKeyedState(context, snapshot));
            complete = log.Time("complete (manifest)", () => writer.Complete());
        }

        snapshot = null!;
        double writeMs = write.Milliseconds + complete.Milliseconds;
        log.Line($"  {file.RawSize / 1e6:F1} MB raw, {file.StoredSize / 1e6:F1} MB stored (LZ4 ratio {file.CompressionRatio():F2})");

        RecoveryFigures recovery = Recover(context, checkpoints, store, file.RawSize, keys, log);
        return new InMemoryFigures(
            file.RawSize,
            file.StoredSize,
            file.CompressionRatio(),
            capture.Milliseconds,
            write.Milliseconds,
            complete.Milliseconds,
            Throughput.MegabytesPerSecond(file.RawSize, capture.Milliseconds),
            Throughput.MegabytesPerSecond(file.RawSize, writeMs),
            Throughput.MegabytesPerSecond(file.StoredSize, writeMs),
            recovery);
    }

    private static void Fill(KeyedStateStore<long> store, long keys, ProgressLog log)
    {
        var random = new Random(42);
        ValueState<AccountPosition> position = store.GetValueState(s_position);
        for (long i = 0; i < keys; i++)
        {
            long account = PositionData.Account(i);
            store.SetCurrentKey(account, KeyHash.Of(account));
            position.Update(PositionData.Next(random));
            log.Count("filled", i + 1, keys, 5_000_000);
        }
    }

    private static RecoveryFigures Recover(KeyedStateContext context, string checkpoints, KeyedStateStore<long> original, long rawBytes, long keys, ProgressLog log)
    {
        log.Line("in-memory backend: recovering a fresh store from the latest checkpoint");
        CheckpointStorage storage = null!;
        CheckpointReader reader = null!;
        using KeyedStateStore<long> restored = InMemoryStateBackend.Instance.CreateKeyedStore<long>(context);
        ValueState<AccountPosition> position = null!;
        var phases = new List<PhaseTime>
        {
            log.Time("open storage", () => storage = CheckpointStorage.Open(new CheckpointStorageOptions(checkpoints, "checkpoint-figures"))),
        };
        using (storage)
        {
            phases.Add(log.Time("open latest (verify checksums)", () => reader = storage.OpenLatest(new CheckpointRestoreOptions([Uid]))
                ?? throw new InvalidOperationException($"No checkpoint found in '{checkpoints}' right after writing one.")));
            phases.Add(log.Time("decompress + parse (RestoreKeyedState)", () => reader.RestoreKeyedState(restored)));
            phases.Add(log.Time("claim into the state table (GetValueState)", () => position = restored.GetValueState(s_position)));
        }

        long entries = restored.Statistics.Entries;
        if (entries != keys)
        {
            throw new InvalidOperationException($"The recovered in-memory store holds {entries:N0} keys, not the {keys:N0} written.");
        }

        Compare(original, restored, position, keys);
        return RecoveryFigures.Of(phases, rawBytes, entries);
    }

    private static void Compare(KeyedStateStore<long> original, KeyedStateStore<long> restored, ValueState<AccountPosition> recovered, long keys)
    {
        ValueState<AccountPosition> expected = original.GetValueState(s_position);
        var random = new Random(7);
        for (int i = 0; i < Samples; i++)
        {
            long account = PositionData.Account(random.NextInt64(keys));
            original.SetCurrentKey(account, KeyHash.Of(account));
            restored.SetCurrentKey(account, KeyHash.Of(account));
            if (!expected.TryGet(out AccountPosition before) || !recovered.TryGet(out AccountPosition after) || before != after)
            {
                throw new InvalidOperationException($"Account {account} recovered as {recovered.GetValueOrDefault()}, not {expected.GetValueOrDefault()}.");
            }
        }
    }
}
