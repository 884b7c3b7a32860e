using HyperFlow.Storage.Checkpointing;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;
using HyperFlow.Storage.Tests.Checkpointing;

namespace HyperFlow.Storage.Tests.Faster;

/// <summary>
/// A FASTER store's native checkpoints, packaged into real checkpoints and restored from them: one FASTER
/// checkpoint per state (raw and serialized), incremental after a few changes, restored into a new store of
/// the same subtask; states restored but not registered are carried; other backends and parallelisms are refused.
/// </summary>
public class FasterStoreNativeCheckpointTests
{
    private const int Keys = 5_000;

    [Fact]
    public void TwoCheckpoints_SecondIncrementalAndSmall_EachRestoresItsOwnContents()
    {
        using var dir = new TempDirectory();
        using CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Sub("checkpoints")));
        var model = new Model();
        CheckpointManifest first;
        CheckpointManifest second;
        Model firstModel;
        using (FasterKeyedStateStore<long> store = Store(dir.Sub("live"), 0, 1))
        {
            var states = new States(store);
            for (long k = 0; k < Keys; k++)
            {
                model.Write(store, states, k, total: k * 3, name: "n" + k, evt: "e" + k);
            }

            first = Package(storage, store);
            firstModel = model.Copy();
            for (long k = 0; k < 20; k++)
            {
                model.Write(store, states, k * 97, total: -k, name: "changed" + k, evt: "again" + k);
            }

            second = Package(storage, store);
        }

        SubtaskManifest full = first.FindOperator("op")!.Subtasks[0];
        SubtaskManifest incremental = second.FindOperator("op")!.Subtasks[0];
        Assert.Null(full.KeyedState);
        Assert.Equal(["events", "names", "totals"], full.Faster!.Select(static f => f.State));
        Assert.All(full.Faster!, static f => Assert.Equal(FasterCheckpointKind.Full, f.Kind));
        Assert.All(incremental.Faster!, static f => Assert.Equal(FasterCheckpointKind.Incremental, f.Kind));
        Assert.Equal(Keys, full.Faster!.Single(static f => f.State == "totals").Entries);
        long firstBytes = OwnStoredBytes(full);
        long secondBytes = OwnStoredBytes(incremental);
        Assert.True(secondBytes * 4 < firstBytes, $"The incremental checkpoint wrote {secondBytes} B, the full one {firstBytes} B.");
        var report = new StringWriter();
        CheckpointInspection.Inspect(Path.Combine(storage.Directory, $"chk-{second.CheckpointId}")).WriteReport(report);
        Assert.Contains("faster state 'totals' (Value, raw ", report.ToString(), StringComparison.Ordinal);
        Assert.Contains("incremental checkpoint, version", report.ToString(), StringComparison.Ordinal);
        Assert.Contains("faster 'events' ", report.ToString(), StringComparison.Ordinal);

        Directory.Delete(dir.Sub("live"), recursive: true);
        foreach ((CheckpointManifest manifest, Model expected) in new[] { (first, firstModel), (second, model) })
        {
            using FasterKeyedStateStore<long> restored = Store(dir.Sub($"restored-{manifest.CheckpointId}"), 0, 1);
            Assert.True(Reader(storage, manifest).RestoreKeyedState(restored));
            expected.AssertHeldBy(restored, new States(restored));
        }
    }

    [Fact]
    public void StateRestoredButNotRegistered_IsCarriedIntoTheNextCheckpoint_AndRefusedByACanonicalSnapshot()
    {
        using var dir = new TempDirectory();
        using CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Sub("checkpoints")));
        var model = new Model();
        CheckpointManifest original;
        using (FasterKeyedStateStore<long> store = Store(dir.Sub("live"), 0, 1))
        {
            var states = new States(store);
            for (long k = 0; k < 500; k++)
            {
                model.Write(store, states, k, total: k, name: "n" + k, evt: "e" + k);
            }

            original = Package(storage, store);
        }

        CheckpointManifest carried;
        using (FasterKeyedStateStore<long> partial = Store(dir.Sub("partial"), 0, 1))
        {
            Reader(storage, original).RestoreKeyedState(partial);
            ValueState<long> totals = partial.GetValueState(States.Totals);
            partial.SetCurrentKey(7, KeyHash.Of(7L));
            totals.Update(700);
            model.Totals[7] = 700;

            var error = Assert.Throws<StateException>(() => partial.TakeSnapshot());
            Assert.Contains("'events', 'names'", error.Message, StringComparison.Ordinal);
            Assert.Contains("operator 'op'", error.Message, StringComparison.Ordinal);
            carried = Package(storage, partial);
        }

        FasterSnapshotManifest[] before = [.. original.FindOperator("op")!.Subtasks[0].Faster!];
        FasterSnapshotManifest[] after = [.. carried.FindOperator("op")!.Subtasks[0].Faster!];
        Assert.Equal(["events", "names", "totals"], after.Select(static f => f.State));
        // The unregistered states' files are the ones restored: shared with the checkpoint they came from.
        Assert.All(after.Where(static f => f.State != "totals"), f => Assert.All(f.Files, file => Assert.StartsWith("../chk-1/", file.Path, StringComparison.Ordinal)));
        Assert.Equal(before.Where(static f => f.State != "totals").Select(static f => f.LogToken), after.Where(static f => f.State != "totals").Select(static f => f.LogToken));

        using FasterKeyedStateStore<long> restored = Store(dir.Sub("restored"), 0, 1);
        Reader(storage, carried).RestoreKeyedState(restored);
        model.AssertHeldBy(restored, new States(restored));
    }

    [Fact]
    public void NativeCheckpoint_RestoredAtAnotherParallelismOrIntoAnotherBackend_IsRefusedNamingTheOperatorAndTheWayOut()
    {
        using var dir = new TempDirectory();
        using CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Sub("checkpoints")));
        CheckpointManifest manifest;
        using (FasterKeyedStateStore<long> store = Store(dir.Sub("live"), 0, 1))
        {
            new Model().Write(store, new States(store), 1, total: 1, name: "one", evt: "e");
            manifest = Package(storage, store);
        }

        CheckpointReader reader = Reader(storage, manifest);
        using FasterKeyedStateStore<long> rescaled = Store(dir.Sub("rescaled"), 1, 2);
        using KeyedStateStore<long> inMemory = InMemoryStateBackend.Instance.CreateKeyedStore<long>(CheckpointData.Context("op", 0, 1));

        var parallelism = Assert.Throws<CheckpointException>(() => reader.RestoreKeyedState(rescaled));
        var backend = Assert.Throws<CheckpointException>(() => reader.RestoreKeyedState(inMemory));

        Assert.Contains("operator 'op'", parallelism.Message, StringComparison.Ordinal);
        Assert.Contains("parallelism 1", parallelism.Message, StringComparison.Ordinal);
        Assert.Contains("savepoint", parallelism.Message, StringComparison.Ordinal);
        Assert.Contains("operator 'op'", backend.Message, StringComparison.Ordinal);
        Assert.Contains("FASTER backend", backend.Message, StringComparison.Ordinal);
        Assert.Contains("savepoint", backend.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RestoredState_RegisteredWithOtherTypes_IsRefusedNamingTheState()
    {
        using var dir = new TempDirectory();
        using CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Sub("checkpoints")));
        CheckpointManifest manifest;
        using (FasterKeyedStateStore<long> store = Store(dir.Sub("live"), 0, 1))
        {
            new Model().Write(store, new States(store), 1, total: 1, name: "one", evt: "e");
            manifest = Package(storage, store);
        }

        using FasterKeyedStateStore<long> restored = Store(dir.Sub("restored"), 0, 1);
        Reader(storage, manifest).RestoreKeyedState(restored);

        var error = Assert.Throws<StateException>(() => restored.GetValueState(new ValueStateDescriptor<string>("totals")));

        Assert.Contains("'totals'", error.Message, StringComparison.Ordinal);
        Assert.Contains("savepoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReleasedCheckpoints_LeaveOnlyTheCheckpointTheTableBuildsOn()
    {
        using var dir = new TempDirectory();
        using var store = new FasterKeyedStateStore<long>(CheckpointData.Context("op", 0, 1), FasterTables.Tiny(dir.Path));
        ValueState<long> totals = store.GetValueState(States.Totals);
        string snapshots = Path.Combine(store.StateDirectory("totals"), "cpr-checkpoints");
        IReadOnlyList<FasterStateCheckpoint> held = [];
        for (int round = 0; round < 4; round++)
        {
            // A tiny log flushes pages between checkpoints: each is a full snapshot with a new token.
            for (long k = 0; k < 2_000; k++)
            {
                store.SetCurrentKey(k, KeyHash.Of(k));
                totals.Update(k + round);
            }

            IReadOnlyList<FasterStateCheckpoint> taken = store.TakeCheckpoint();
            Assert.Equal(FasterCheckpointKind.Full, Assert.Single(taken).Checkpoint.Kind);
            store.ReleaseCheckpoint(held);
            held = taken;
        }

        // The last checkpoint is still held (being packaged): its snapshot and the table's current one are kept.
        Assert.Single(Directory.EnumerateDirectories(snapshots));
        Assert.Single(Directory.EnumerateDirectories(Path.Combine(store.StateDirectory("totals"), "index-checkpoints")));
        store.ReleaseCheckpoint(held);
        Assert.Single(Directory.EnumerateDirectories(snapshots));
    }

    [Fact]
    public void NativeCheckpointsOff_OrNothingToCheckpoint_TheStoreCannotCheckpointNatively()
    {
        using var dir = new TempDirectory();
        FasterStoreOptions off = new() { Directory = dir.Sub("off"), PageSizeBytes = 4096, MemoryBudgetBytes = 16 * 1024, NativeCheckpoints = false };
        using var disabled = new FasterKeyedStateStore<long>(CheckpointData.Context("op", 0, 1), off);
        using var empty = new FasterKeyedStateStore<long>(CheckpointData.Context("op", 0, 1), FasterTables.Tiny(dir.Sub("on")));
        disabled.GetValueState(States.Totals);

        Assert.False(disabled.CanCheckpointNatively);
        Assert.False(empty.CanCheckpointNatively);
        empty.GetValueState(States.Totals);
        Assert.True(empty.CanCheckpointNatively);
    }

    private static FasterKeyedStateStore<long> Store(string directory, int subtask, int parallelism)
        => new(CheckpointData.Context("op", subtask, parallelism), FasterTables.Roomy(directory));

    private static CheckpointManifest Package(CheckpointStorage storage, FasterKeyedStateStore<long> store)
    {
        using CheckpointWriter writer = storage.BeginCheckpoint(storage.NextCheckpointId, "Faster");
        IReadOnlyList<FasterStateCheckpoint> checkpoints = store.TakeCheckpoint();
        foreach (FasterStateCheckpoint checkpoint in checkpoints)
        {
            writer.AddFasterCheckpoint(store.Context, checkpoint);
        }

        store.ReleaseCheckpoint(checkpoints);
        return writer.Complete();
    }

    private static CheckpointReader Reader(CheckpointStorage storage, CheckpointManifest manifest)
        => CheckpointReader.Open(Path.Combine(storage.Directory, $"chk-{manifest.CheckpointId}"), CheckpointData.Restore("op"));

    private static long OwnStoredBytes(SubtaskManifest subtask)
        => subtask.Files().Where(static f => !f.Path.StartsWith("../", StringComparison.Ordinal)).Sum(static f => f.StoredSize);

    /// <summary>A raw value state, a serialized value state and a list state.</summary>
    private sealed class States(KeyedStateStore<long> store)
    {
        public static readonly ValueStateDescriptor<long> Totals = new("totals");

        public ValueState<long> Total { get; } = store.GetValueState(Totals);

        public ValueState<string> Name { get; } = store.GetValueState(new ValueStateDescriptor<string>("names"));

        public ListState<string> Events { get; } = store.GetListState(new ListStateDescriptor<string>("events"));
    }

    /// <summary>What the states should hold.</summary>
    private sealed class Model
    {
        public Dictionary<long, long> Totals { get; private init; } = [];

        public Dictionary<long, string> Names { get; private init; } = [];

        public Dictionary<long, List<string>> Events { get; private init; } = [];

        public void Write(KeyedStateStore<long> store, States states, long key, long total, string name, string evt)
        {
            store.SetCurrentKey(key, KeyHash.Of(key));
            states.Total.Update(total);
            states.Name.Update(name);
            states.Events.Add(evt);
            Totals[key] = total;
            Names[key] = name;
            Events[key] = [.. Events.GetValueOrDefault(key) ?? [], evt];
        }

        public Model Copy() => new()
        {
            Totals = new(Totals),
            Names = new(Names),
            Events = Events.ToDictionary(static e => e.Key, static e => e.Value.ToList()),
        };

        public void AssertHeldBy(KeyedStateStore<long> store, States states)
        {
            Assert.Equal(Totals.Keys.Order(), store.KeysOf("totals").Order());
            foreach ((long key, long total) in Totals)
            {
                store.SetCurrentKey(key, KeyHash.Of(key));
                Assert.Equal(total, states.Total.GetValueOrDefault(long.MinValue));
                Assert.Equal(Names[key], states.Name.GetValueOrDefault("missing"));
                Assert.Equal(Events[key], states.Events.Get().ToArray());
            }
        }
    }
}
