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

    [Fact]
    public void FasterBackend_RefusesStateItCannotHold_NamingStateAndOperator()
    {
        using var files = new TempDirectory();
        using KeyedStateStore<long> store = Backend("Faster", files.Path).CreateKeyedStore<long>(Context(0, 1));

        var list = Assert.Throws<StateException>(() => store.GetListState(new ListStateDescriptor<long>("recent")));
        var text = Assert.Throws<StateException>(() => store.GetValueState(new ValueStateDescriptor<string>("name")));

        Assert.Contains("'recent'", list.Message, StringComparison.Ordinal);
        Assert.Contains("InMemory backend", list.Message, StringComparison.Ordinal);
        Assert.Contains("'name'", text.Message, StringComparison.Ordinal);
        Assert.Contains("operator 'op'", text.Message, StringComparison.Ordinal);
    }

    private static KeyedStateContext Context(int subtask, int parallelism) => new("job", "op", subtask, parallelism, 128);

    private static IStateBackend Backend(string name, string directory) => name == "Faster"
        ? new FasterStateBackend(FasterTables.Roomy(directory))
        : InMemoryStateBackend.Instance;
}
