using CsCheck;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Tests.State;

/// <summary>
/// A released snapshot's copy is reused by the next snapshot of the store: each snapshot still holds
/// exactly the state at the time it was taken, while the store keeps changing in between, and a snapshot
/// taken while the previous one is still unreleased does not share its memory.
/// </summary>
public class SnapshotReuseTests
{
    private static readonly Gen<(int Key, long Value, bool Remove)[][]> s_rounds =
        Gen.Select(Gen.Int[0, 300], Gen.Long[-1_000, 1_000], Gen.Int[0, 9].Select(static r => r == 0))
            .Array[0, 400]
            .Array[1, 6];

    [Fact]
    public void ReleasedSnapshots_ReusedByTheNext_EachHoldsTheStateAtItsTime()
    {
        s_rounds.Sample(rounds =>
        {
            using KeyedStateStore<long> store = InMemoryStateBackend.Instance.CreateKeyedStore<long>(new KeyedStateContext("job", "op", 0, 1, 128));
            ValueState<long> value = store.GetValueState(new ValueStateDescriptor<long>("value"));
            var model = new Dictionary<long, long>();
            KeyedStateSnapshot? unreleased = null;
            Dictionary<long, long>? unreleasedModel = null;
            for (int round = 0; round < rounds.Length; round++)
            {
                foreach ((int key, long v, bool remove) in rounds[round])
                {
                    store.SetCurrentKey(key, KeyHash.Of((long)key));
                    if (remove)
                    {
                        value.Clear();
                        model.Remove(key);
                    }
                    else
                    {
                        value.Update(v);
                        model[key] = v;
                    }
                }

                KeyedStateSnapshot snapshot = store.TakeSnapshot();
                var expected = new Dictionary<long, long>(model);
                // Every other snapshot stays unreleased over the next round: the next copy must not overwrite it.
                if (round % 2 == 0)
                {
                    unreleased = snapshot;
                    unreleasedModel = expected;
                    continue;
                }

                Assert.Equal(expected, Read(snapshot));
                snapshot.Release();
                if (unreleased is not null)
                {
                    Assert.Equal(unreleasedModel, Read(unreleased));
                    unreleased.Release();
                    unreleased = null;
                }
            }

            if (unreleased is not null)
            {
                Assert.Equal(unreleasedModel, Read(unreleased));
            }
        }, iter: 200);
    }

    private static Dictionary<long, long> Read(KeyedStateSnapshot snapshot)
    {
        var bytes = new MemoryStream();
        snapshot.WriteTo(bytes);
        using KeyedStateStore<long> restored = InMemoryStateBackend.Instance.CreateKeyedStore<long>(new KeyedStateContext("job", "op", 0, 1, 128));
        restored.Restore([new MemoryStream(bytes.ToArray())]);
        ValueState<long> value = restored.GetValueState(new ValueStateDescriptor<long>("value"));
        var read = new Dictionary<long, long>();
        foreach (long key in restored.KeysOf("value"))
        {
            restored.SetCurrentKey(key, KeyHash.Of(key));
            Assert.True(value.TryGet(out long v));
            read[key] = v;
        }

        return read;
    }
}
