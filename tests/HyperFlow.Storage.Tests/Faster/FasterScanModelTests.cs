using System.Globalization;
using CsCheck;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;
using MessagePack;

namespace HyperFlow.Storage.Tests.Faster;

/// <summary>
/// Snapshots of FASTER-backed states against a dictionary: every live key comes back once with its
/// latest value, whether its record is in memory or on disk, wherever it falls on a page, after
/// updates and deletes, with keys of any length and indexes so small that keys share hash chains;
/// through <see cref="KeyedStateStore{TKey}.KeysOf"/> and through a restore into the in-memory backend
/// with another parallelism (which keeps each key in its user key's key group).
/// </summary>
public class FasterScanModelTests
{
    private const int MaxParallelism = 128;

    private static readonly Gen<Layout> Layouts = Gen.Select(
        Gen.Int[12, 13],
        Gen.Int[FasterStoreOptions.MinPagesInMemory, 8],
        Gen.Bool.Select(static small => small ? FasterStoreOptions.MinIndexBuckets : 1024L),
        static (pageBits, pages, buckets) => new Layout(1 << pageBits, pages, buckets));

    private static readonly Gen<KeyPlan> Plans = Gen.Select(
        Gen.Int[1, 48],
        Gen.Int[0, 120],
        Gen.Enum<Then>(),
        Gen.Int[0, 120],
        static (keyLength, first, then, second) => new KeyPlan(keyLength, first, then, second));

    // What happens to a key after its first write.
    public enum Then
    {
        Nothing,
        Update,
        Delete,
    }

    // String keys and values live as bytes on FASTER's variable-length log.
    [Fact]
    public void StringKeys_Snapshot_ReturnsEveryLiveKeyWithItsValue()
        => CheckSample(static (i, length) => Text(i, length), static (i, length, version) => Value(i, length, version));

    // Many namespaces of each user key, stored as bytes (the key holds a string).
    [Fact]
    public void NamespacedStringKeys_Snapshot_ReturnsEveryLiveKeyWithItsValue()
        => CheckSample(static (i, length) => new NamedSlot(Text(i / 16, length), i), static (i, length, version) => Value(i, length, version));

    // Blittable keys and values live raw on FASTER's blittable log.
    [Fact]
    public void LongKeys_Snapshot_ReturnsEveryLiveKeyWithItsValue()
        => CheckSample(static (i, _) => (long)i * 7919, static (i, _, version) => ((long)version << 32) + i);

    // Many namespaces of each user key, stored raw.
    [Fact]
    public void NamespacedLongKeys_Snapshot_ReturnsEveryLiveKeyWithItsValue()
        => CheckSample(static (i, _) => new Slot(i / 64, i), static (i, _, version) => ((long)version << 32) + i);

    private static void CheckSample<TKey, TValue>(Func<int, int, TKey> keyOf, Func<int, int, int, TValue> valueOf)
        where TKey : notnull
    {
        int onDisk = 0;
        Gen.Select(Layouts, Plans.Array[1, 2500]).Sample(
            (layout, plans) =>
            {
                if (SnapshotMatchesModel(layout, plans, keyOf, valueOf))
                {
                    Interlocked.Increment(ref onDisk);
                }
            },
            iter: 25);
        Assert.True(onDisk > 0, "no sample had operations wait on records on disk: the test does not exercise the log files");
    }

    // Returns whether some operation waited on a record on disk.
    private static bool SnapshotMatchesModel<TKey, TValue>(Layout layout, KeyPlan[] plans, Func<int, int, TKey> keyOf, Func<int, int, int, TValue> valueOf)
        where TKey : notnull
    {
        using var dir = new TempDirectory();
        var descriptor = new ValueStateDescriptor<TValue>("v");
        var model = new Dictionary<TKey, TValue>();
        byte[] snapshot;
        bool wentToDisk;
        using (var store = new FasterKeyedStateStore<TKey>(Context(0, 1), layout.Options(dir.Path)))
        {
            ValueState<TValue> state = store.GetValueState(descriptor);
            for (int i = 0; i < plans.Length; i++)
            {
                TKey key = keyOf(i, plans[i].KeyLength);
                store.SetCurrentKey(key, KeyHash.Of(key));
                state.Update(model[key] = valueOf(i, plans[i].First, 0));
            }

            // The first keys' records are on disk by now: updates and deletes of them go pending.
            for (int i = 0; i < plans.Length; i++)
            {
                TKey key = keyOf(i, plans[i].KeyLength);
                store.SetCurrentKey(key, KeyHash.Of(key));
                switch (plans[i].Then)
                {
                    case Then.Update:
                        state.Update(model[key] = valueOf(i, plans[i].Second, 1));
                        break;
                    case Then.Delete:
                        state.Clear();
                        model.Remove(key);
                        break;
                }
            }

            IReadOnlyList<TKey> keys = store.KeysOf("v");
            Assert.Equal(model.Count, keys.Count);
            Assert.True(model.Keys.ToHashSet().SetEquals(keys), "KeysOf differs from the model's keys");
            var bytes = new MemoryStream();
            store.WriteSnapshot(bytes);
            snapshot = bytes.ToArray();
            wentToDisk = store.PendingTotal > 0;
        }

        int restored = 0;
        for (int subtask = 0; subtask < 2; subtask++)
        {
            using KeyedStateStore<TKey> store = InMemoryStateBackend.Instance.CreateKeyedStore<TKey>(Context(subtask, 2));
            store.Restore([new MemoryStream(snapshot)]);
            ValueState<TValue> state = store.GetValueState(descriptor);
            foreach (TKey key in store.KeysOf("v"))
            {
                Assert.True(store.Context.Owns(KeyGroups.Of(KeyHash.Of(key), MaxParallelism)), $"{key} restored in subtask {subtask}, which does not own its key group");
                Assert.True(model.TryGetValue(key, out TValue? expected), $"{key} restored but not in the model");
                store.SetCurrentKey(key, KeyHash.Of(key));
                Assert.True(state.TryGet(out TValue value));
                Assert.Equal(expected, value);
                restored++;
            }
        }

        Assert.Equal(model.Count, restored);
        return wentToDisk;
    }

    private static KeyedStateContext Context(int subtask, int parallelism) => new("job", "op-scan", subtask, parallelism, MaxParallelism);

    // Distinct for distinct indexes whatever the length: the hex digits, then padding that is not one.
    private static string Text(int index, int length)
    {
        string hex = index.ToString("x", CultureInfo.InvariantCulture);
        return hex.Length >= length ? hex : hex + new string('k', length - hex.Length);
    }

    private static string Value(int index, int length, int version)
    {
        string value = string.Create(CultureInfo.InvariantCulture, $"{version}:{index}:");
        return value.Length >= length ? value : value + new string('v', length - value.Length);
    }

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

    private readonly record struct KeyPlan(int KeyLength, int First, Then Then, int Second);

    private readonly record struct Layout(int PageBytes, int Pages, long IndexBuckets)
    {
        public FasterStoreOptions Options(string directory) => new()
        {
            Directory = directory,
            PageSizeBytes = PageBytes,
            MemoryBudgetBytes = (long)PageBytes * Pages,
            SegmentSizeBytes = (long)PageBytes * 16,
            IndexBuckets = IndexBuckets,
            MaxPendingOperations = 64,
        };
    }
}
