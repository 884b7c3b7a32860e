using CsCheck;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.Serialization;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Tests.State;

/// <summary>
/// How restored entries reach a state: a state whose key and value are stored as raw bytes reads
/// them straight out of the restored bytes; any other goes through its serializers; a state never
/// registered is written back out as it was read. All three must give the same state.
/// </summary>
public class RestorePathTests
{
    private const int MaxParallelism = 128;
    private const string Name = "position";
    private static readonly TimeSpan s_ttl = TimeSpan.FromSeconds(20);

    // Keys, each written at a second from 0 to 40 with a value from a seed; the parallelism written
    // with and restored with; whether the state has a time to live.
    private static readonly Gen<((long Key, long Seed, int Second)[] Writes, int From, int To, bool Ttl)> s_cases =
        Gen.Select(Gen.Select(Gen.Long[0, 3000], Gen.Long, Gen.Int[0, 40]).Array[0, 400], Gen.Int[1, 4], Gen.Int[1, 4], Gen.Bool);

    public RestorePathTests() => StateSerializers.Register(new SerializedPositionSerializer());

    [Fact]
    public void RawBytesPath_SerializerPath_AndCarriedOverEntries_MatchTheModel()
    {
        s_cases.Sample(c =>
        {
            var clock = new ManualClock();
            StateTtl? ttl = c.Ttl ? new StateTtl(s_ttl) : null;
            var model = new Dictionary<long, (RawPosition Value, long ExpiresAt)>();
            var writers = Enumerable.Range(0, c.From).Select(s => Store(s, c.From, clock)).ToList();
            var written = writers.Select(w => w.GetValueState(new ValueStateDescriptor<RawPosition>(Name) { Ttl = ttl })).ToList();
            int second = 0;
            foreach ((long key, long seed, int at) in c.Writes.OrderBy(w => w.Second))
            {
                clock.Advance(TimeSpan.FromSeconds(at - second));
                second = at;
                var value = new RawPosition(seed, ~seed, seed * 31);
                int owner = Owner(key, c.From);
                writers[owner].SetCurrentKey(key, KeyHash.Of(key));
                written[owner].Update(value);
                model[key] = (value, ttl is null ? long.MaxValue : Now(clock) + (long)s_ttl.TotalMilliseconds);
            }

            clock.Advance(TimeSpan.FromSeconds(40 - second));
            List<byte[]> snapshots = writers.Select(Snapshot).ToList();
            writers.ForEach(w => w.Dispose());
            long snapshotTime = Now(clock);

            var restored = new List<(KeyedStateStore<long> Raw, KeyedStateStore<long> Serialized, KeyedStateStore<long> Carried)>();
            for (int subtask = 0; subtask < c.To; subtask++)
            {
                byte[] carriedOver;
                using (KeyedStateStore<long> unclaimed = Restored(subtask, c.To, clock, snapshots))
                {
                    carriedOver = Snapshot(unclaimed);
                }

                restored.Add((Restored(subtask, c.To, clock, snapshots), Restored(subtask, c.To, clock, snapshots), Restored(subtask, c.To, clock, [carriedOver])));
            }

            // Snapshots leave out what had expired when they were taken; the rest is restored with its expiry.
            var states = restored.Select(r => (
                Raw: r.Raw.GetValueState(new ValueStateDescriptor<RawPosition>(Name) { Ttl = ttl }),
                Serialized: r.Serialized.GetValueState(new ValueStateDescriptor<SerializedPosition>(Name) { Ttl = ttl }),
                Carried: r.Carried.GetValueState(new ValueStateDescriptor<RawPosition>(Name) { Ttl = ttl }))).ToList();
            for (int subtask = 0; subtask < c.To; subtask++)
            {
                long owned = model.Count(e => Owner(e.Key, c.To) == subtask && e.Value.ExpiresAt > snapshotTime);
                Assert.Equal(owned, restored[subtask].Raw.Statistics.Entries);
                Assert.Equal(owned, restored[subtask].Serialized.Statistics.Entries);
                Assert.Equal(owned, restored[subtask].Carried.Statistics.Entries);
            }

            // Later, some restored entries expire: each path must have kept each entry's own expiry.
            clock.Advance(TimeSpan.FromSeconds(5));
            foreach ((long key, (RawPosition value, long expiresAt)) in model)
            {
                int subtask = Owner(key, c.To);
                bool live = expiresAt > Now(clock);
                restored[subtask].Raw.SetCurrentKey(key, KeyHash.Of(key));
                restored[subtask].Serialized.SetCurrentKey(key, KeyHash.Of(key));
                restored[subtask].Carried.SetCurrentKey(key, KeyHash.Of(key));
                Assert.Equal(live, states[subtask].Raw.TryGet(out RawPosition fromRaw));
                Assert.Equal(live, states[subtask].Serialized.TryGet(out SerializedPosition fromSerialized));
                Assert.Equal(live, states[subtask].Carried.TryGet(out RawPosition fromCarried));
                Assert.Equal(live ? value : default, fromRaw);
                Assert.Equal(live ? new SerializedPosition(value.Price, value.Quantity, value.Trades) : default, fromSerialized);
                Assert.Equal(live ? value : default, fromCarried);
            }

            restored.ForEach(r =>
            {
                r.Raw.Dispose();
                r.Serialized.Dispose();
                r.Carried.Dispose();
            });
        }, iter: 60);
    }

    [Fact]
    public void ValuesLargerThanAReadBlock_AmongManySmallOnes_RestoreWithAnotherParallelism()
    {
        // Lists of 0 to 20 elements, and every 500th one of 60,000 (over half a megabyte): entries cross
        // the reader's blocks and the restored state's chunks, and some are larger than either.
        const int keys = 3000;
        var model = new Dictionary<long, long[]>();
        var random = new Random(5);
        for (long k = 0; k < keys; k++)
        {
            int length = k % 500 == 7 ? 60_000 : random.Next(0, 21);
            model[k] = Enumerable.Range(0, length).Select(_ => random.NextInt64()).ToArray();
        }

        var snapshots = new List<byte[]>();
        for (int subtask = 0; subtask < 2; subtask++)
        {
            using KeyedStateStore<long> store = Store(subtask, 2, new ManualClock());
            ListState<long> list = store.GetListState(new ListStateDescriptor<long>("lists"));
            foreach ((long key, long[] elements) in model.Where(e => Owner(e.Key, 2) == subtask && e.Value.Length > 0))
            {
                store.SetCurrentKey(key, KeyHash.Of(key));
                list.AddRange(elements);
            }

            snapshots.Add(Snapshot(store));
        }

        for (int subtask = 0; subtask < 3; subtask++)
        {
            using KeyedStateStore<long> restored = Restored(subtask, 3, new ManualClock(), snapshots);
            ListState<long> list = restored.GetListState(new ListStateDescriptor<long>("lists"));
            foreach ((long key, long[] elements) in model.Where(e => Owner(e.Key, 3) == subtask))
            {
                restored.SetCurrentKey(key, KeyHash.Of(key));
                Assert.Equal(elements, list.Get().ToArray());
            }
        }
    }

    [Fact]
    public void RawValueOfAnotherSize_FailsAsItsSerializerWould()
    {
        using KeyedStateStore<long> store = Store(0, 1, new ManualClock());
        store.SetCurrentKey(1, KeyHash.Of(1L));
        store.GetValueState(new ValueStateDescriptor<long>(Name)).Update(42);

        using KeyedStateStore<long> restored = Restored(0, 1, new ManualClock(), [Snapshot(store)]);
        var error = Assert.Throws<InvalidDataException>(() => restored.GetValueState(new ValueStateDescriptor<RawPosition>(Name)));
        var expected = Assert.Throws<InvalidDataException>(() => BlittableSerializer<RawPosition>.Instance.Deserialize(new byte[sizeof(long)]));
        Assert.Equal(expected.Message, error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, "longer than 5 bytes")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, "a length is 4294967295 bytes")]
    public void CorruptLengthPrefix_FailsNamingTheOperator(byte[] prefix, string why)
    {
        using KeyedStateStore<long> store = Store(0, 1, new ManualClock());
        store.SetCurrentKey(1, KeyHash.Of(1L));
        store.GetValueState(new ValueStateDescriptor<long>("v")).Update(42);
        byte[] bytes = Snapshot(store);

        // Header (10 bytes), state "v" (name 2, kind 1, TTL flag 1, entry count 8), entry hash (8): then the key's length.
        prefix.CopyTo(bytes, 30);
        using KeyedStateStore<long> restored = Store(0, 1, new ManualClock());
        var error = Assert.Throws<StateException>(() => restored.Restore([new MemoryStream(bytes)]));
        Assert.Contains("operator 'op' subtask 1/1 of job 'job'", error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    private static KeyedStateStore<long> Store(int subtask, int parallelism, ManualClock clock)
        => InMemoryStateBackend.Instance.CreateKeyedStore<long>(new KeyedStateContext("job", "op", subtask, parallelism, MaxParallelism) { Clock = clock });

    private static KeyedStateStore<long> Restored(int subtask, int parallelism, ManualClock clock, IEnumerable<byte[]> snapshots)
    {
        KeyedStateStore<long> store = Store(subtask, parallelism, clock);
        store.Restore(snapshots.Select(s => new MemoryStream(s)));
        return store;
    }

    private static byte[] Snapshot(KeyedStateStore<long> store)
    {
        var bytes = new MemoryStream();
        store.WriteSnapshot(bytes);
        return bytes.ToArray();
    }

    private static int Owner(long key, int parallelism) => KeyGroups.OwnerOf(KeyGroups.Of(KeyHash.Of(key), MaxParallelism), MaxParallelism, parallelism);

    private static long Now(ManualClock clock) => clock.GetUtcNow().ToUnixTimeMilliseconds();
}
