using CsCheck;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;
using HyperFlow.Testing;

namespace HyperFlow.Storage.Tests;

public class KeyedValueTableTests
{
    // Op: 0 add-to, 1 remove, 2 read. Hash functions: the stable hash, and a degenerate one that puts
    // keys in few home slots, so long probe runs, wrap-around and backward-shift deletion are exercised.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RandomOperations_MatchDictionaryModel(bool collidingHashes)
    {
        Gen.Select(Gen.Int[0, 2], Gen.Long[-60, 60], Gen.Long[-5, 5]).Array[0, 600].Sample(ops =>
        {
            var table = new KeyedValueTable<long, long>();
            var model = new Dictionary<long, long>();
            foreach ((int op, long key, long delta) in ops)
            {
                ulong hash = collidingHashes ? (ulong)(key & 3) * 0x1000_0000_0000_0001UL : KeyHash.Of(key);
                switch (op)
                {
                    case 0:
                        table.GetOrAdd(key, hash) += delta;
                        model[key] = model.GetValueOrDefault(key) + delta;
                        break;
                    case 1:
                        Assert.Equal(model.Remove(key), table.Remove(key, hash));
                        break;
                    default:
                        Assert.Equal(model.TryGetValue(key, out long expected), table.TryGet(key, hash, out long actual));
                        Assert.Equal(expected, actual);
                        break;
                }
            }

            Assert.Equal(model.Count, table.Count);
            Assert.Equal(model.OrderBy(e => e.Key), Entries(table).OrderBy(e => e.Key));
        });
    }

    [Fact]
    public void RemoveWhere_RemovesExactlyTheMatchingEntries()
    {
        Gen.Long[-500, 500].Array[0, 400].Sample(keys =>
        {
            var table = new KeyedValueTable<long, long>();
            foreach (long key in keys)
            {
                // Few distinct hashes: removals shift long runs back over the slot being examined.
                table.GetOrAdd(key, (ulong)(key & 7) << 60) = key;
            }

            var odd = new OddValues();
            int removed = table.RemoveWhere(ref odd);

            long[] distinct = [.. keys.Distinct()];
            Assert.Equal(distinct.Count(k => (k & 1) != 0), removed);
            Assert.Equal(distinct.Where(k => (k & 1) == 0).Order(), Entries(table).Select(e => e.Key).Order());
        });
    }

    [Fact]
    public void GetOrAdd_WithAddedFlag_TellsFirstAccessApart()
    {
        var table = new KeyedValueTable<string, int>();
        ref int first = ref table.GetOrAdd("a", KeyHash.Of("a"), out bool addedFirst);
        first = 5;
        ref int second = ref table.GetOrAdd("a", KeyHash.Of("a"), out bool addedSecond);

        Assert.True(addedFirst);
        Assert.False(addedSecond);
        Assert.Equal(5, second);
        Assert.Equal(1, table.Count);
    }

    [Fact]
    public void Clone_IsIndependentOfTheOriginal()
    {
        var table = new KeyedValueTable<long, long>();
        table.GetOrAdd(1, KeyHash.Of(1L)) = 10;
        KeyedValueTable<long, long> copy = table.Clone();
        table.GetOrAdd(1, KeyHash.Of(1L)) = 11;
        table.GetOrAdd(2, KeyHash.Of(2L)) = 20;

        Assert.Equal([KeyValuePair.Create(1L, 10L)], Entries(copy));
    }

    [Fact]
    public void GetOrAdd_ExistingKeys_AllocatesNothing()
    {
        var table = new KeyedValueTable<long, long>();
        for (long k = 0; k < 1000; k++)
        {
            table.GetOrAdd(k, KeyHash.Of(k)) = k;
        }

        long allocated = Allocations.OnThisThread(() =>
        {
            for (int round = 0; round < 100; round++)
            {
                for (long k = 0; k < 1000; k++)
                {
                    table.GetOrAdd(k, KeyHash.Of(k))++;
                }
            }
        });

        Assert.Equal(0, allocated);
    }

    private static List<KeyValuePair<long, long>> Entries(KeyedValueTable<long, long> table)
    {
        var entries = new List<KeyValuePair<long, long>>();
        KeyedValueTable<long, long>.Enumerator e = table.GetEnumerator();
        while (e.MoveNext())
        {
            entries.Add(KeyValuePair.Create(e.Key, e.Value));
        }

        return entries;
    }

    private struct OddValues : IEntryPredicate<long, long>
    {
        public readonly bool Matches(ulong hash, in long key, ref long value) => (value & 1) != 0;
    }
}
