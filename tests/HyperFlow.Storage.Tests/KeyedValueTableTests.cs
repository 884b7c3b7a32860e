using CsCheck;
using HyperFlow.Storage.InMemory;

namespace HyperFlow.Storage.Tests;

public class KeyedValueTableTests
{
    [Fact]
    public void GetOrAdd_RandomUpdates_MatchDictionaryModel()
    {
        Gen.Select(Gen.Long[-50, 50], Gen.Long).Array[0, 500].Sample(ops =>
        {
            var table = new KeyedValueTable<long, long>();
            var model = new Dictionary<long, long>();
            foreach ((long key, long delta) in ops)
            {
                table.GetOrAdd(key) += delta;
                model[key] = model.GetValueOrDefault(key) + delta;
            }

            Assert.Equal(model.Count, table.Count);
            Assert.Equal(model.OrderBy(e => e.Key), table.ToArray().OrderBy(e => e.Key));
            foreach ((long key, long value) in model)
            {
                Assert.True(table.TryGet(key, out long actual));
                Assert.Equal(value, actual);
            }
        });
    }

    [Fact]
    public void GetOrAdd_WithAddedFlag_TellsFirstAccessApart()
    {
        var table = new KeyedValueTable<string, int>();
        ref int first = ref table.GetOrAdd("a", out bool addedFirst);
        first = 5;
        ref int second = ref table.GetOrAdd("a", out bool addedSecond);

        Assert.True(addedFirst);
        Assert.False(addedSecond);
        Assert.Equal(5, second);
        Assert.Equal(1, table.Count);
    }

    [Fact]
    public void GetOrAdd_ExistingKeys_AllocatesNothing()
    {
        var table = new KeyedValueTable<long, long>();
        for (long k = 0; k < 1000; k++)
        {
            table.GetOrAdd(k) = k;
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 100; round++)
        {
            for (long k = 0; k < 1000; k++)
            {
                table.GetOrAdd(k)++;
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(table.TryGet(999, out long v));
        Assert.Equal(1099, v);
    }
}
