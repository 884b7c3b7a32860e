using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;
using HyperFlow.Testing;

namespace HyperFlow.Storage.Tests.State;

public class StateSnapshotTests
{
    private const int MaxParallelism = 128;

    public static TheoryData<int, int> Rescales => new() { { 1, 2 }, { 2, 1 }, { 3, 4 }, { 4, 3 } };

    [Theory]
    [MemberData(nameof(Rescales))]
    public void Snapshots_RestoreWithAnotherParallelism_EveryKeyExactlyOnce(int from, int to)
    {
        const int keys = 2000;
        var snapshots = new List<byte[]>();
        for (int subtask = 0; subtask < from; subtask++)
        {
            using KeyedStateStore<string> store = Store(subtask, from);
            ValueState<long> value = store.GetValueState(new ValueStateDescriptor<long>("value"));
            ListState<string> list = store.GetListState(new ListStateDescriptor<string>("list"));
            for (int k = 0; k < keys; k++)
            {
                string key = "key-" + k;
                ulong hash = KeyHash.Of(key);
                if (store.Context.Owns(KeyGroups.Of(hash, MaxParallelism)))
                {
                    store.SetCurrentKey(key, hash);
                    value.Update(k);
                    list.AddRange([key, "x"]);
                }
            }

            var bytes = new MemoryStream();
            store.WriteSnapshot(bytes);
            snapshots.Add(bytes.ToArray());
        }

        var seen = new Dictionary<string, long>();
        for (int subtask = 0; subtask < to; subtask++)
        {
            using KeyedStateStore<string> store = Store(subtask, to);
            store.Restore(snapshots.Select(s => new MemoryStream(s)));
            ValueState<long> value = store.GetValueState(new ValueStateDescriptor<long>("value"));
            ListState<string> list = store.GetListState(new ListStateDescriptor<string>("list"));
            for (int k = 0; k < keys; k++)
            {
                string key = "key-" + k;
                ulong hash = KeyHash.Of(key);
                store.SetCurrentKey(key, hash);
                bool owned = store.Context.Owns(KeyGroups.Of(hash, MaxParallelism));
                Assert.Equal(owned, value.TryGet(out long v));
                if (owned)
                {
                    seen.Add(key, v);
                    Assert.Equal([key, "x"], list.Get().ToArray());
                }
            }

            Assert.Equal(store.Statistics.Entries, 2L * seen.Count(e => store.Context.Owns(KeyGroups.Of(KeyHash.Of(e.Key), MaxParallelism))));
        }

        Assert.Equal(keys, seen.Count);
        Assert.All(seen, e => Assert.Equal("key-" + e.Value, e.Key));
    }

    [Fact]
    public void TakeSnapshot_IsNotChangedByLaterWrites()
    {
        using KeyedStateStore<long> store = Store<long>(0, 1);
        ListState<long> list = store.GetListState(new ListStateDescriptor<long>("list"));
        store.SetCurrentKey(7, KeyHash.Of(7L));
        list.Add(1);
        KeyedStateSnapshot snapshot = store.TakeSnapshot();
        list.Add(2);
        var bytes = new MemoryStream();
        snapshot.WriteTo(bytes);
        bytes.Position = 0;

        using KeyedStateStore<long> restored = Store<long>(0, 1);
        restored.Restore([bytes]);
        ListState<long> restoredList = restored.GetListState(new ListStateDescriptor<long>("list"));
        restored.SetCurrentKey(7, KeyHash.Of(7L));
        Assert.Equal([1L], restoredList.Get().ToArray());
    }

    [Fact]
    public void StateNotRegisteredAfterRestore_IsCarriedIntoTheNextSnapshot()
    {
        using KeyedStateStore<long> first = Store<long>(0, 1);
        first.SetCurrentKey(1, KeyHash.Of(1L));
        first.GetValueState(new ValueStateDescriptor<int>("old")).Update(42);
        var bytes = new MemoryStream();
        first.WriteSnapshot(bytes);
        bytes.Position = 0;

        using KeyedStateStore<long> second = Store<long>(0, 1);
        second.Restore([bytes]);
        var again = new MemoryStream();
        second.WriteSnapshot(again);
        again.Position = 0;

        using KeyedStateStore<long> third = Store<long>(0, 1);
        third.Restore([again]);
        third.SetCurrentKey(1, KeyHash.Of(1L));
        Assert.Equal(42, third.GetValueState(new ValueStateDescriptor<int>("old")).GetValueOrDefault());
    }

    [Fact]
    public void ExpiredEntries_AreLeftOutOfSnapshots()
    {
        var clock = new ManualClock();
        using KeyedStateStore<long> store = Store<long>(0, 1, clock);
        ValueState<long> value = store.GetValueState(new ValueStateDescriptor<long>("v") { Ttl = new StateTtl(TimeSpan.FromSeconds(10)) });
        store.SetCurrentKey(1, KeyHash.Of(1L));
        value.Update(1);
        clock.Advance(TimeSpan.FromSeconds(6));
        store.SetCurrentKey(2, KeyHash.Of(2L));
        value.Update(2);
        clock.Advance(TimeSpan.FromSeconds(6));

        var bytes = new MemoryStream();
        store.WriteSnapshot(bytes);
        bytes.Position = 0;
        using KeyedStateStore<long> restored = Store<long>(0, 1, clock);
        restored.Restore([bytes]);
        ValueState<long> restoredValue = restored.GetValueState(new ValueStateDescriptor<long>("v") { Ttl = new StateTtl(TimeSpan.FromSeconds(10)) });

        Assert.Equal(1, restored.Statistics.Entries);
        restored.SetCurrentKey(2, KeyHash.Of(2L));
        Assert.Equal(2, restoredValue.GetValueOrDefault());
    }

    [Fact]
    public void TruncatedSnapshot_FailsNamingTheOperator()
    {
        using KeyedStateStore<long> store = Store<long>(0, 1);
        ValueState<long> value = store.GetValueState(new ValueStateDescriptor<long>("v"));
        for (long k = 0; k < 100; k++)
        {
            store.SetCurrentKey(k, KeyHash.Of(k));
            value.Update(k);
        }

        var bytes = new MemoryStream();
        store.WriteSnapshot(bytes);
        byte[] truncated = bytes.ToArray()[..^10];

        using KeyedStateStore<long> restored = Store<long>(0, 1);
        var ex = Assert.Throws<StateException>(() => restored.Restore([new MemoryStream(truncated)]));
        Assert.Contains("operator 'op' subtask 1/1 of job 'job'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
        Assert.Contains("earlier checkpoint", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnserializableValue_FailsNamingTheStateAndOperator()
    {
        using KeyedStateStore<long> store = Store<long>(0, 1);
        ValueState<Unserializable> value = store.GetValueState(new ValueStateDescriptor<Unserializable>("session-info"));
        store.SetCurrentKey(1, KeyHash.Of(1L));
        value.Update(new Unserializable());

        var ex = Assert.Throws<StateException>(() => store.WriteSnapshot(new MemoryStream()));
        Assert.Contains("state 'session-info'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("operator 'op'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("serializable", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SameNameWithAnotherKind_IsRefused()
    {
        using KeyedStateStore<long> store = Store<long>(0, 1);
        store.GetValueState(new ValueStateDescriptor<long>("count"));

        var ex = Assert.Throws<StateException>(() => store.GetListState(new ListStateDescriptor<long>("count")));
        Assert.Contains("'count'", ex.Message, StringComparison.Ordinal);
        Assert.Same(store.GetValueState(new ValueStateDescriptor<long>("count")), store.GetValueState(new ValueStateDescriptor<long>("count")));
    }

    [Fact]
    public void ReadModifyWrite_OfExistingKeys_AllocatesNothing()
    {
        using KeyedStateStore<long> store = Store<long>(0, 1);
        ReducingState<long> sum = store.GetReducingState(new ReducingStateDescriptor<long, SumReduce>("sum"));
        for (long k = 0; k < 1000; k++)
        {
            store.SetCurrentKey(k, KeyHash.Of(k));
            sum.Add(k);
        }

        int runs = 0;
        long allocated = Allocations.OnThisThread(() =>
        {
            runs++;
            for (int round = 0; round < 100; round++)
            {
                for (long k = 0; k < 1000; k++)
                {
                    store.SetCurrentKey(k, KeyHash.Of(k));
                    sum.Add(1);
                }
            }
        });

        Assert.Equal(0, allocated);
        store.SetCurrentKey(10, KeyHash.Of(10L));
        Assert.True(sum.TryGet(out long total));
        Assert.Equal(10 + (runs * 100), total);
    }

    private static KeyedStateStore<T> Store<T>(int subtask, int parallelism, TimeProvider? clock = null)
        where T : notnull
        => InMemoryStateBackend.Instance.CreateKeyedStore<T>(new KeyedStateContext("job", "op", subtask, parallelism, MaxParallelism) { Clock = clock ?? TimeProvider.System });

    private static KeyedStateStore<string> Store(int subtask, int parallelism) => Store<string>(subtask, parallelism);

    public sealed class Unserializable
    {
        public Action? Callback { get; set; } = () => { };
    }
}
