using System.Diagnostics;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Tests.State;

public class LargeRestoreTests
{
    [Fact]
    public void Restore_OfTwoMillionKeys_ClaimsEveryKeyWithoutPilingUpProbeRuns()
    {
        const int keys = 2_000_000;
        var context = new KeyedStateContext("job", "op", 0, 1, 128);
        var snapshot = new MemoryStream();
        using (KeyedStateStore<long> source = InMemoryStateBackend.Instance.CreateKeyedStore<long>(context))
        {
            ValueState<long> value = source.GetValueState(new ValueStateDescriptor<long>("value"));
            for (long k = 0; k < keys; k++)
            {
                source.SetCurrentKey(k, KeyHash.Of(k));
                value.Update(k * 3);
            }

            source.WriteSnapshot(snapshot);
        }

        using KeyedStateStore<long> restored = InMemoryStateBackend.Instance.CreateKeyedStore<long>(context);
        restored.Restore([new MemoryStream(snapshot.ToArray())]);
        var clock = Stopwatch.StartNew();
        ValueState<long> claimed = restored.GetValueState(new ValueStateDescriptor<long>("value"));
        clock.Stop();

        // The snapshot lists keys in the slot order of the table it came from; added in that order to a
        // table that starts small they formed one long probe run (7 s for 400k keys, minutes for 2M).
        // Sized first, claiming takes well under a second; the bound only catches the quadratic case.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"Claiming {keys:N0} restored keys took {clock.Elapsed.TotalSeconds:F1} s.");
        Assert.Equal(keys, restored.Statistics.Entries);
        foreach (long k in new long[] { 0, 1, 4242, 777_777, keys - 1 })
        {
            restored.SetCurrentKey(k, KeyHash.Of(k));
            Assert.True(claimed.TryGet(out long v));
            Assert.Equal(k * 3, v);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(1000)]
    [InlineData(100_000)]
    public void EnsureCapacity_HoldsThatManyKeysWithoutGrowing(int count)
    {
        var table = new KeyedValueTable<long, long>();
        table.EnsureCapacity(count);
        int capacity = table.Capacity;
        for (long k = 0; k < count; k++)
        {
            table.GetOrAdd(k, (ulong)k << 1) = k;
        }

        Assert.Equal(capacity, table.Capacity);
        Assert.Equal(count, table.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => table.EnsureCapacity(-1));
    }
}
