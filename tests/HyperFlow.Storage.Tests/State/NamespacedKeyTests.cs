using System.Buffers;
using System.Buffers.Binary;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.Serialization;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Tests.State;

public class NamespacedKeyTests
{
    [Fact]
    public void KeyHash_OfNamespacedKey_IsTheHashOfTheUserKey()
    {
        Assert.Equal(KeyHash.Of(42L), KeyHash.Of(new AccountWindow(42, 1000)));
        Assert.Equal(KeyHash.Of(42L), KeyHash.Of(new AccountWindow(42, 2000)));
        Assert.NotEqual(KeyHash.Of(42L), KeyHash.Of(new AccountWindow(43, 1000)));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 1)]
    [InlineData(3, 4)]
    public void NamespacedState_RestoredWithAnotherParallelism_FollowsTheUserKeysKeyGroup(int from, int to)
    {
        const int accounts = 500;
        var snapshots = new List<byte[]>();
        for (int subtask = 0; subtask < from; subtask++)
        {
            using KeyedStateStore<AccountWindow> store = Store(subtask, from);
            ValueState<long> sum = store.GetValueState(new ValueStateDescriptor<long>("sum"));
            for (long account = 0; account < accounts; account++)
            {
                for (long window = 0; window < 3; window++)
                {
                    var key = new AccountWindow(account, window * 1000);
                    ulong hash = KeyHash.Of(key);
                    if (store.Context.Owns(KeyGroups.Of(hash, 128)))
                    {
                        store.SetCurrentKey(key, hash);
                        sum.Update((account * 10) + window);
                    }
                }
            }

            var bytes = new MemoryStream();
            store.WriteSnapshot(bytes);
            snapshots.Add(bytes.ToArray());
        }

        var restored = new List<AccountWindow>();
        for (int subtask = 0; subtask < to; subtask++)
        {
            using KeyedStateStore<AccountWindow> store = Store(subtask, to);
            store.Restore(snapshots.Select(s => new MemoryStream(s)));
            store.GetValueState(new ValueStateDescriptor<long>("sum"));
            IReadOnlyList<AccountWindow> keys = store.KeysOf("sum");
            Assert.All(keys, k => Assert.True(store.Context.Owns(KeyGroups.Of(KeyHash.Of(k.Account), 128))));
            restored.AddRange(keys);
        }

        Assert.Equal(accounts * 3, restored.Count);
        Assert.Equal(accounts * 3, restored.Distinct().Count());
    }

    [Fact]
    public void KeysOf_ListsLiveKeysAndRefusesAnUnregisteredState()
    {
        using KeyedStateStore<AccountWindow> store = Store(0, 1);
        ValueState<long> sum = store.GetValueState(new ValueStateDescriptor<long>("sum"));
        foreach (var key in new[] { new AccountWindow(1, 0), new AccountWindow(1, 1000), new AccountWindow(2, 0) })
        {
            store.SetCurrentKey(key, KeyHash.Of(key));
            sum.Update(1);
        }

        store.SetCurrentKey(new AccountWindow(1, 0), KeyHash.Of(1L));
        sum.Clear();

        Assert.Equal([new AccountWindow(1, 1000), new AccountWindow(2, 0)], store.KeysOf("sum").OrderBy(k => k.Account).ThenBy(k => k.Window));
        StateException error = Assert.Throws<StateException>(() => store.KeysOf("missing"));
        Assert.Contains("'missing'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegisteredSerializer_CarriesACompositeKeyWithAStringThroughASnapshot()
    {
        StateSerializers.Register(new NamedWindowSerializer());
        var context = new KeyedStateContext("job", "op", 0, 1, 128);
        var key = new NamedWindow("sensor-7", 5000);
        var bytes = new MemoryStream();
        using (KeyedStateStore<NamedWindow> store = InMemoryStateBackend.Instance.CreateKeyedStore<NamedWindow>(context))
        {
            store.SetCurrentKey(key, KeyHash.Of(key));
            store.GetValueState(new ValueStateDescriptor<long>("sum")).Update(9);
            store.WriteSnapshot(bytes);
        }

        using KeyedStateStore<NamedWindow> restored = InMemoryStateBackend.Instance.CreateKeyedStore<NamedWindow>(context);
        restored.Restore([new MemoryStream(bytes.ToArray())]);
        ValueState<long> sum = restored.GetValueState(new ValueStateDescriptor<long>("sum"));
        Assert.Equal([key], restored.KeysOf("sum"));
        restored.SetCurrentKey(key, KeyHash.Of(key));
        Assert.True(sum.TryGet(out long value));
        Assert.Equal(9, value);
    }

    private static KeyedStateStore<AccountWindow> Store(int subtask, int parallelism)
        => InMemoryStateBackend.Instance.CreateKeyedStore<AccountWindow>(new KeyedStateContext("job", "op", subtask, parallelism, 128));

    public readonly record struct NamedWindow(string Name, long Window) : INamespacedKey
    {
        public ulong StableKeyHash => KeyHash.Of(Name);
    }

    private sealed class NamedWindowSerializer : IStateSerializer<NamedWindow>
    {
        public void Serialize(in NamedWindow value, IBufferWriter<byte> output)
        {
            BinaryPrimitives.WriteInt64LittleEndian(output.GetSpan(8), value.Window);
            output.Advance(8);
            Utf8StringSerializer.Instance.Serialize(value.Name, output);
        }

        public NamedWindow Deserialize(ReadOnlyMemory<byte> bytes)
            => new(Utf8StringSerializer.Instance.Deserialize(bytes[8..]), BinaryPrimitives.ReadInt64LittleEndian(bytes.Span));
    }

    public readonly record struct AccountWindow(long Account, long Window) : INamespacedKey
    {
        public ulong StableKeyHash => KeyHash.Of(Account);
    }
}
