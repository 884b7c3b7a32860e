using HyperFlow.Storage.Faster;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;
using MessagePack;

namespace HyperFlow.Storage.Tests.Faster;

/// <summary>
/// Namespaced keys in FASTER (a key's timers and windows): the index hashes the whole key, so the
/// namespaces of one user key each get their own hash chain instead of sharing one that every
/// operation on any of them walks; snapshots still carry the user key's stable hash.
/// </summary>
public class FasterNamespacedKeyTests
{
    private const int Namespaces = 4000;

    // Chains shared by chance (the same bucket and 14-bit tag): about 4000² / 2 / (4096 × 16384) ≈ 0.1
    // expected; with the user key's hash, all 4000 would share one.
    private const long MinEntries = Namespaces - 40;

    [Fact]
    public void Table_NamespacesOfOneKey_EachGetTheirOwnHashChain()
    {
        using var dir = new TempDirectory();
        using var table = new FasterTable<Slot, long, long, AddUpdater>(FasterTables.Roomy(dir.Path));
        table.BeginBatch();
        for (long window = 0; window < Namespaces; window++)
        {
            table.Upsert(new Slot(7, window), window);
        }

        table.EndBatch();

        Assert.InRange(table.IndexEntries, MinEntries, Namespaces);
        for (long window = 0; window < Namespaces; window++)
        {
            Assert.True(table.TryRead(new Slot(7, window), out long value));
            Assert.Equal(window, value);
        }

        var visitor = new HashRecorder { Hashes = [] };
        Assert.Equal(Namespaces, table.ForEach(ref visitor));
        Assert.Equal([KeyHash.Of(7L)], visitor.Hashes);
    }

    [Fact]
    public void BlittableState_NamespacesOfOneKey_EachGetTheirOwnHashChain()
    {
        using var dir = new TempDirectory();
        using var store = new FasterKeyedStateStore<Slot>(Context(), FasterTables.Roomy(dir.Path));
        ValueState<long> state = store.GetValueState(new ValueStateDescriptor<long>("v"));
        for (long window = 0; window < Namespaces; window++)
        {
            var key = new Slot(7, window);
            store.SetCurrentKey(key, KeyHash.Of(key));
            state.Update(window);
        }

        Assert.InRange(store.IndexEntries, MinEntries, Namespaces);
        AssertSnapshotFollowsUserKey(store, KeyHash.Of(7L));
    }

    [Fact]
    public void BytesState_NamespacesOfOneKey_EachGetTheirOwnHashChain()
    {
        using var dir = new TempDirectory();
        using var store = new FasterKeyedStateStore<NamedSlot>(Context(), FasterTables.Roomy(dir.Path));
        ValueState<long> state = store.GetValueState(new ValueStateDescriptor<long>("v"));
        for (long window = 0; window < Namespaces; window++)
        {
            var key = new NamedSlot("sensor-7", window);
            store.SetCurrentKey(key, KeyHash.Of(key));
            state.Update(window);
        }

        Assert.InRange(store.IndexEntries, MinEntries, Namespaces);
        AssertSnapshotFollowsUserKey(store, KeyHash.Of("sensor-7"));
    }

    // The snapshot's entries carry the user key's stable hash: restored with another parallelism, every
    // namespace lands in the one subtask that owns the user key's key group.
    private static void AssertSnapshotFollowsUserKey<TKey>(KeyedStateStore<TKey> store, ulong userKeyHash)
        where TKey : notnull
    {
        var bytes = new MemoryStream();
        store.WriteSnapshot(bytes);
        const int parallelism = 4;
        int owner = KeyGroups.OwnerOf(KeyGroups.Of(userKeyHash, KeyGroups.DefaultMaxParallelism), KeyGroups.DefaultMaxParallelism, parallelism);
        for (int subtask = 0; subtask < parallelism; subtask++)
        {
            using KeyedStateStore<TKey> restored = InMemoryStateBackend.Instance.CreateKeyedStore<TKey>(Context(subtask, parallelism));
            restored.Restore([new MemoryStream(bytes.ToArray())]);
            restored.GetValueState(new ValueStateDescriptor<long>("v"));
            Assert.Equal(subtask == owner ? Namespaces : 0, restored.KeysOf("v").Count);
        }
    }

    private static KeyedStateContext Context(int subtask = 0, int parallelism = 1) => new("job", "op-namespaces", subtask, parallelism, KeyGroups.DefaultMaxParallelism);

    public readonly record struct Slot(long Account, long Window) : INamespacedKey
    {
        public ulong StableKeyHash => KeyHash.Of(Account);
    }

    [MessagePackObject]
    public readonly record struct NamedSlot([property: Key(0)] string Name, [property: Key(1)] long Window) : INamespacedKey
    {
        [IgnoreMember]
        public ulong StableKeyHash => KeyHash.Of(Name);
    }

    private struct HashRecorder : IFasterRecordVisitor<Slot, long>
    {
        public HashSet<ulong> Hashes;

        public readonly bool Visit(ulong hash, in Slot key, in long value)
        {
            Hashes.Add(hash);
            return true;
        }
    }
}
