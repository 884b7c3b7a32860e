using HyperFlow.Storage.Faster;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;
using HyperFlow.Storage.Tests.Faster;

namespace HyperFlow.Storage.Tests.State;

/// <summary>Snapshots are backend-neutral: state written by one backend restores into the other, at another parallelism.</summary>
public class BackendPortabilityTests
{
    [Theory]
    [InlineData("InMemory", "Faster")]
    [InlineData("Faster", "InMemory")]
    public void Snapshot_RestoresIntoTheOtherBackend_WithAnotherParallelism(string from, string to)
    {
        using var files = new TempDirectory();
        const int keys = 3000;
        byte[] snapshot;
        using (KeyedStateStore<long> store = Backend(from, files.Sub("from")).CreateKeyedStore<long>(Context(0, 1)))
        {
            ValueState<long> value = store.GetValueState(new ValueStateDescriptor<long>("value"));
            ReducingState<long> sum = store.GetReducingState(new ReducingStateDescriptor<long, SumReduce>("sum"));
            for (long k = 0; k < keys; k++)
            {
                store.SetCurrentKey(k, KeyHash.Of(k));
                value.Update(k * 10);
                sum.Add(k);
                sum.Add(1);
            }

            var bytes = new MemoryStream();
            store.WriteSnapshot(bytes);
            snapshot = bytes.ToArray();
        }

        int found = 0;
        for (int subtask = 0; subtask < 2; subtask++)
        {
            using KeyedStateStore<long> store = Backend(to, files.Sub("to-" + subtask)).CreateKeyedStore<long>(Context(subtask, 2));
            store.Restore([new MemoryStream(snapshot)]);
            ValueState<long> value = store.GetValueState(new ValueStateDescriptor<long>("value"));
            ReducingState<long> sum = store.GetReducingState(new ReducingStateDescriptor<long, SumReduce>("sum"));
            for (long k = 0; k < keys; k++)
            {
                store.SetCurrentKey(k, KeyHash.Of(k));
                bool owned = store.Context.Owns(KeyGroups.Of(KeyHash.Of(k), 128));
                Assert.Equal(owned, value.TryGet(out long v));
                if (owned)
                {
                    found++;
                    Assert.Equal(k * 10, v);
                    Assert.True(sum.TryGet(out long s));
                    Assert.Equal(k + 1, s);
                }
            }
        }

        Assert.Equal(keys, found);
    }

    // String keys make every FASTER state serialized; lists and maps are serialized on FASTER whatever
    // their types. The FASTER side gets a tiny log, so its snapshot also reads records back from disk.
    [Theory]
    [InlineData("InMemory", "Faster")]
    [InlineData("Faster", "InMemory")]
    public void StringKeysListsAndMaps_RestoreIntoTheOtherBackend_WithAnotherParallelism(string from, string to)
    {
        using var files = new TempDirectory();
        const int keys = 2000;
        byte[] snapshot;
        using (KeyedStateStore<string> store = Backend(from, files.Sub("from"), tiny: true).CreateKeyedStore<string>(Context(0, 1)))
        {
            var states = new States(store);
            for (int k = 0; k < keys; k++)
            {
                SetKey(store, k);
                states.Name.Update("name-" + k);
                states.Sum.Add(k);
                states.Sum.Add(1);
                states.Events.AddRange([k, -k]);
                states.Events.Add(7);
                states.Counts.Put("a", k);
                states.Counts.Put("b", -k);
                if (k % 2 == 0)
                {
                    states.Counts.Remove("a");
                }
            }

            var bytes = new MemoryStream();
            store.WriteSnapshot(bytes);
            snapshot = bytes.ToArray();
        }

        int found = 0;
        for (int subtask = 0; subtask < 2; subtask++)
        {
            using KeyedStateStore<string> store = Backend(to, files.Sub("to-" + subtask), tiny: true).CreateKeyedStore<string>(Context(subtask, 2));
            store.Restore([new MemoryStream(snapshot)]);
            var states = new States(store);
            int ownedHere = 0;
            for (int k = 0; k < keys; k++)
            {
                SetKey(store, k);
                bool owned = store.Context.Owns(KeyGroups.Of(KeyHash.Of("key-" + k), 128));
                Assert.Equal(owned, states.Name.TryGet(out string? name));
                if (!owned)
                {
                    Assert.Empty(states.Events.Get().ToArray());
                    Assert.Equal(0, states.Counts.Count);
                    continue;
                }

                found++;
                ownedHere++;
                Assert.Equal("name-" + k, name);
                Assert.True(states.Sum.TryGet(out long sum));
                Assert.Equal(k + 1, sum);
                Assert.Equal([k, -k, 7], states.Events.Get().ToArray());
                var expected = new List<KeyValuePair<string, long>> { new("b", -k) };
                if (k % 2 == 1)
                {
                    expected.Insert(0, new("a", k));
                }

                Assert.Equal(expected, states.Counts.Entries().OrderBy(e => e.Key, StringComparer.Ordinal));
                Assert.True(states.Counts.TryGet("b", out long b));
                Assert.Equal(-k, b);
            }

            Assert.Equal(4L * ownedHere, store.Statistics.Entries);
        }

        Assert.Equal(keys, found);
    }

    private static void SetKey(KeyedStateStore<string> store, int k)
    {
        string key = "key-" + k;
        store.SetCurrentKey(key, KeyHash.Of(key));
    }

    private static KeyedStateContext Context(int subtask, int parallelism) => new("job", "op", subtask, parallelism, 128);

    private static IStateBackend Backend(string name, string directory, bool tiny = false) => name == "Faster"
        ? new FasterStateBackend(tiny ? FasterTables.Tiny(directory) : FasterTables.Roomy(directory))
        : InMemoryStateBackend.Instance;

    /// <summary>One state of each kind, with keys (and for some, values) that hold references.</summary>
    private sealed class States(KeyedStateStore<string> store)
    {
        public ValueState<string> Name { get; } = store.GetValueState(new ValueStateDescriptor<string>("name"));

        public ReducingState<long> Sum { get; } = store.GetReducingState(new ReducingStateDescriptor<long, SumReduce>("sum"));

        public ListState<long> Events { get; } = store.GetListState(new ListStateDescriptor<long>("events"));

        public MapState<string, long> Counts { get; } = store.GetMapState(new MapStateDescriptor<string, long>("counts"));
    }
}
