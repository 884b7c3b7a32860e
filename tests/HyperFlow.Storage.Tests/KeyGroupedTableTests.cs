using System.Runtime.CompilerServices;
using CsCheck;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;

namespace HyperFlow.Storage.Tests;

public class KeyGroupedTableTests
{
    private enum Op
    {
        Add,
        Find,
        Remove,
    }

    [Fact]
    public void RandomOperations_WithRealHashes_MatchDictionaryModel()
        => Gen.Select(Gen.Enum<Op>(), Gen.Long[-300, 300], Gen.Long).Array[0, 2000].Sample(ops => Check(ops, KeyHash.Of), iter: 200);

    [Fact]
    public void RandomOperations_WithCollidingHashes_MatchDictionaryModel()
        // Hashes with only 3 distinct low bits: long probe runs, wrap-around at the array end, and
        // backward-shift deletion in the middle of runs.
        => Gen.Select(Gen.Enum<Op>(), Gen.Long[0, 60], Gen.Long).Array[0, 2000].Sample(ops => Check(ops, k => (ulong)(k % 8)), iter: 200);

    [Fact]
    public void GetOrAdd_KeyGroupOutsideRange_ThrowsSayingSo()
    {
        var table = new KeyGroupedTable<long, long>(firstKeyGroup: 0, keyGroupCount: 64, maxParallelism: 128);
        long outside = Enumerable.Range(0, 1000).Select(i => (long)i).First(k => KeyGroups.Of(KeyHash.Of(k), 128) >= 64);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => table.GetOrAdd(KeyHash.Of(outside), outside, out _));
        Assert.Contains("outside this subtask's range [0, 64)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EntriesOf_ReturnsEachKeyUnderItsKeyGroup()
    {
        var table = new KeyGroupedTable<long, long>(firstKeyGroup: 0, keyGroupCount: 128, maxParallelism: 128);
        for (long k = 0; k < 5000; k++)
        {
            table.GetOrAdd(KeyHash.Of(k), k, out _) = k * 10;
        }

        var seen = new Dictionary<long, long>();
        for (int g = 0; g < 128; g++)
        {
            foreach (KeyValuePair<long, long> e in table.EntriesOf(g))
            {
                Assert.Equal(g, KeyGroups.Of(KeyHash.Of(e.Key), 128));
                seen.Add(e.Key, e.Value);
            }
        }

        Assert.Equal(5000, seen.Count);
        Assert.All(seen, e => Assert.Equal(e.Key * 10, e.Value));
    }

    [Fact]
    public void ReadModifyWrite_ExistingKeys_AllocatesNothing()
    {
        var table = new KeyGroupedTable<long, long>(0, 128, 128);
        for (long k = 0; k < 10_000; k++)
        {
            table.GetOrAdd(KeyHash.Of(k), k, out _) = k;
        }

        // One round first, so that one-time costs (JIT, comparer set-up) are paid before measuring.
        IncrementAll(table, 10_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 10; round++)
        {
            IncrementAll(table, 10_000);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(10_010, table.Find(KeyHash.Of(9_999), 9_999));
    }

    private static void IncrementAll(KeyGroupedTable<long, long> table, long keys)
    {
        for (long k = 0; k < keys; k++)
        {
            table.GetOrAdd(KeyHash.Of(k), k, out _)++;
        }
    }

    private static void Check((Op Op, long Key, long Value)[] ops, Func<long, ulong> hash)
    {
        var table = new KeyGroupedTable<long, long>(0, 128, 128);
        var model = new Dictionary<long, long>();
        foreach ((Op op, long key, long value) in ops)
        {
            ulong h = hash(key);
            switch (op)
            {
                case Op.Add:
                    table.GetOrAdd(h, key, out bool added) += value;
                    Assert.Equal(!model.ContainsKey(key), added);
                    model[key] = model.GetValueOrDefault(key) + value;
                    break;
                case Op.Find:
                    ref long found = ref table.Find(h, key);
                    Assert.Equal(model.TryGetValue(key, out long expected), !Unsafe.IsNullRef(ref found));
                    if (!Unsafe.IsNullRef(ref found))
                    {
                        Assert.Equal(expected, found);
                    }

                    break;
                case Op.Remove:
                    Assert.Equal(model.Remove(key), table.Remove(h, key));
                    break;
            }
        }

        Assert.Equal(model.Count, table.Count);
        foreach ((long key, long value) in model)
        {
            ref long actual = ref table.Find(hash(key), key);
            Assert.False(Unsafe.IsNullRef(ref actual), $"key {key} lost");
            Assert.Equal(value, actual);
        }
    }
}
