using System.Globalization;
using CsCheck;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Tests.State;

/// <summary>
/// Model-based tests: random operations on every kind of state (with TTL and clock advances, and
/// snapshot-and-restore in the middle) against a plain dictionary model, per backend and key type.
/// With string keys every FASTER state is stored serialized; with long keys the value, reducing and
/// aggregating states of longs are stored raw and the others serialized. The FASTER backend gets a
/// tiny log, and a churn operation writes many other keys, so records go to disk and operations pending.
/// </summary>
public class StateModelTests
{
    private const long TtlMs = 100;
    private const int Operations = 18;

    public static TheoryData<string, string> Backends => new()
    {
        { "InMemory", "long" },
        { "Faster", "long" },
        { "InMemory", "string" },
        { "Faster", "string" },
    };

    [Theory]
    [MemberData(nameof(Backends))]
    public void RandomOperations_MatchModel(string backend, string keyType)
    {
        if (keyType == "string")
        {
            Run(backend, static k => "key-" + k);
        }
        else
        {
            Run(backend, static k => k);
        }
    }

    internal static IStateBackend Backend(string name, string directory) => name switch
    {
        "InMemory" => InMemoryStateBackend.Instance,
        // A small log, so part of the state goes to disk and operations go pending.
        "Faster" => new FasterStateBackend(Faster.FasterTables.Tiny(directory)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown backend."),
    };

    private static void Run<TKey>(string backend, Func<long, TKey> keyOf)
        where TKey : notnull
    {
        using var files = new Faster.TempDirectory();
        // A FASTER snapshot scans each state's log with a temporary store (about 30 ms each), and each
        // sample opens eight FASTER stores per restore: fewer samples keep the test short.
        int samples = backend == "Faster" ? 10 : 100;
        long pending = 0;
        Gen.Select(Gen.Int[0, Operations - 1], Gen.Long[0, 15], Gen.Long[-9, 9]).Array[1, 300].Sample(ops =>
        {
            var clock = new ManualClock();
            using var harness = new Harness<TKey>(Backend(backend, files.Path), clock);
            var model = new Model();
            long now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            long churns = 0;
            foreach ((int op, long key, long arg) in ops)
            {
                harness.SetKey(keyOf(key));
                switch (op)
                {
                    case 0:
                        harness.Value.Update(arg);
                        model.Values[key] = (arg, now + TtlMs);
                        break;
                    case 1:
                        bool live = model.Values.TryGetValue(key, out var v) && v.ExpiresAt > now;
                        Assert.Equal(live, harness.Value.TryGet(out long actual));
                        Assert.Equal(live ? v.Value : 0, actual);
                        break;
                    case 2:
                        harness.Value.Clear();
                        model.Values.Remove(key);
                        break;
                    case 3:
                        harness.Sum.Add(arg);
                        model.Sums[key] = model.Sums.GetValueOrDefault(key) + arg;
                        break;
                    case 4:
                        Assert.Equal(model.Sums.TryGetValue(key, out long sum), harness.Sum.TryGet(out long gotSum));
                        Assert.Equal(sum, gotSum);
                        harness.Mean.Add(arg);
                        (long count, long total) = model.Means.GetValueOrDefault(key);
                        model.Means[key] = (count + 1, total + arg);
                        Assert.True(harness.Mean.TryGet(out long mean));
                        Assert.Equal(model.Means[key].Sum / model.Means[key].Count, mean);
                        break;
                    case 5:
                        if (!model.Lists.TryGetValue(key, out var list) || list.ExpiresAt <= now)
                        {
                            list = ([], 0);
                        }

                        list.Items.Add(arg);
                        model.Lists[key] = (list.Items, now + TtlMs);
                        harness.List.Add(arg);
                        break;
                    case 6:
                        bool listLive = model.Lists.TryGetValue(key, out var l) && l.ExpiresAt > now;
                        Assert.Equal(listLive ? l.Items : [], harness.List.Get().ToArray());
                        if (listLive)
                        {
                            model.Lists[key] = (l.Items, now + TtlMs); // read refreshes: OnReadAndWrite
                        }

                        break;
                    case 7:
                        harness.List.Update(arg >= 0 ? [arg, arg + 1] : []);
                        if (arg >= 0)
                        {
                            model.Lists[key] = ([arg, arg + 1], now + TtlMs);
                        }
                        else
                        {
                            model.Lists.Remove(key);
                        }

                        break;
                    case 8:
                        harness.Map.Put(arg & 3, "v" + arg);
                        model.Maps.TryAdd(key, []);
                        model.Maps[key][arg & 3] = "v" + arg;
                        break;
                    case 9:
                        Dictionary<long, string>? map = model.Maps.GetValueOrDefault(key);
                        Assert.Equal(map?.Remove(arg & 3) ?? false, harness.Map.Remove(arg & 3));
                        if (map is { Count: 0 })
                        {
                            model.Maps.Remove(key);
                        }

                        Assert.Equal(model.Maps.GetValueOrDefault(key)?.OrderBy(e => e.Key).ToList() ?? [], harness.Map.Entries().OrderBy(e => e.Key));
                        Assert.Equal(model.Maps.GetValueOrDefault(key)?.Count ?? 0, harness.Map.Count);
                        bool has = model.Maps.GetValueOrDefault(key)?.ContainsKey(arg & 2) ?? false;
                        Assert.Equal(has, harness.Map.TryGet(arg & 2, out string? mapped));
                        Assert.Equal(has ? model.Maps[key][arg & 2] : null, mapped);
                        break;
                    case 10:
                        clock.Advance(TimeSpan.FromMilliseconds(Math.Abs(arg) * 10));
                        now = clock.GetUtcNow().ToUnixTimeMilliseconds();
                        break;
                    case 11:
                        harness.SnapshotAndRestore();
                        break;
                    case 12:
                        harness.List.Clear();
                        model.Lists.Remove(key);
                        break;
                    case 13:
                        harness.Name.Update("name-" + arg);
                        model.Names[key] = "name-" + arg;
                        break;
                    case 14:
                        Assert.Equal(model.Names.TryGetValue(key, out string? name), harness.Name.TryGet(out string? actualName));
                        Assert.Equal(name, actualName);
                        model.Distinct.TryAdd(key, []);
                        model.Distinct[key].Add(arg);
                        Assert.Equal(model.Distinct[key].Count, harness.Distinct.AddAndGet(arg));
                        break;
                    case 15:
                        // A reduce of strings that grow (with a time to live): folded inside FASTER, in place until the record is too small.
                        string text = arg.ToString(CultureInfo.InvariantCulture);
                        bool joinedLive = model.Joined.TryGetValue(key, out var before) && before.ExpiresAt > now;
                        model.Joined[key] = (joinedLive ? before.Value + "," + text : text, now + TtlMs);
                        Assert.Equal(model.Joined[key].Value, harness.Joined.AddAndGet(text));
                        break;
                    case 16:
                        harness.List.AddRange([arg, -arg]);
                        if (!model.Lists.TryGetValue(key, out var listed) || listed.ExpiresAt <= now)
                        {
                            listed = ([], 0);
                        }

                        listed.Items.AddRange([arg, -arg]);
                        model.Lists[key] = (listed.Items, now + TtlMs);
                        break;
                    default:
                        // Churn: new keys' records push these keys' records out of FASTER's tiny in-memory log.
                        churns++;
                        for (long other = 0; other < 64; other++)
                        {
                            harness.SetKey(keyOf(1000 + (64 * churns) + other));
                            harness.Name.Update("churn");
                            harness.Sum.Add(other);
                            harness.Distinct.Add(other);
                        }

                        break;
                }
            }

            // Everything the model holds is in the store, and nothing else.
            harness.SnapshotAndRestore();
            for (long key = 0; key <= 15; key++)
            {
                harness.SetKey(keyOf(key));
                bool live = model.Values.TryGetValue(key, out var v) && v.ExpiresAt > now;
                Assert.Equal(live, harness.Value.TryGet(out _));
                Assert.Equal(model.Sums.ContainsKey(key), harness.Sum.TryGet(out _));
                Assert.Equal(model.Maps.GetValueOrDefault(key)?.Count ?? 0, harness.Map.Count);
                Assert.Equal(model.Names.GetValueOrDefault(key), harness.Name.TryGet(out string? name) ? name : null);
                string? liveJoined = model.Joined.TryGetValue(key, out var j) && j.ExpiresAt > now ? j.Value : null;
                Assert.Equal(liveJoined, harness.Joined.TryGet(out string? joined) ? joined : null);
                Assert.Equal(model.Distinct.GetValueOrDefault(key)?.Count ?? 0, harness.Distinct.TryGet(out int distinct) ? distinct : 0);
                bool listLive = model.Lists.TryGetValue(key, out var l) && l.ExpiresAt > now;
                Assert.Equal(listLive ? l.Items : [], harness.List.Get().ToArray());
            }

            pending += harness.Pending;
        }, iter: samples);
        Assert.True(backend != "Faster" || pending > 0, "No FASTER operation went pending: the test no longer covers records on disk.");
    }

    private sealed class Model
    {
        public Dictionary<long, (long Value, long ExpiresAt)> Values { get; } = [];

        public Dictionary<long, long> Sums { get; } = [];

        public Dictionary<long, (long Count, long Sum)> Means { get; } = [];

        public Dictionary<long, (List<long> Items, long ExpiresAt)> Lists { get; } = [];

        public Dictionary<long, Dictionary<long, string>> Maps { get; } = [];

        public Dictionary<long, string> Names { get; } = [];

        public Dictionary<long, (string Value, long ExpiresAt)> Joined { get; } = [];

        public Dictionary<long, HashSet<long>> Distinct { get; } = [];
    }

    /// <summary>A store with one state of each kind, re-created from its own snapshot on demand.</summary>
    private sealed class Harness<TKey> : IDisposable
        where TKey : notnull
    {
        private readonly IStateBackend _backend;
        private readonly KeyedStateContext _context;

        public Harness(IStateBackend backend, TimeProvider clock)
        {
            _backend = backend;
            _context = new KeyedStateContext("model-job", "model-op", 0, 1, 128) { Clock = clock };
            Open(null);
        }

        public KeyedStateStore<TKey> Store { get; private set; } = null!;

        public ValueState<long> Value { get; private set; } = null!;

        public ReducingState<long> Sum { get; private set; } = null!;

        public AggregatingState<long, long> Mean { get; private set; } = null!;

        public ListState<long> List { get; private set; } = null!;

        public MapState<long, string> Map { get; private set; } = null!;

        public ValueState<string> Name { get; private set; } = null!;

        public ReducingState<string> Joined { get; private set; } = null!;

        public AggregatingState<long, int> Distinct { get; private set; } = null!;

        /// <summary>FASTER operations that waited on a disk read, over every store this harness opened.</summary>
        public long Pending { get; private set; }

        public void SetKey(TKey key) => Store.SetCurrentKey(key, KeyHash.Of(key));

        public void SnapshotAndRestore()
        {
            var bytes = new MemoryStream();
            Store.WriteSnapshot(bytes);
            Close();
            bytes.Position = 0;
            Open(bytes);
        }

        public void Dispose() => Close();

        private void Close()
        {
            Pending += (Store as FasterKeyedStateStore<TKey>)?.PendingTotal ?? 0;
            Store.Dispose();
        }

        private void Open(Stream? snapshot)
        {
            Store = _backend.CreateKeyedStore<TKey>(_context);
            if (snapshot is not null)
            {
                Store.Restore([snapshot]);
            }

            var ttl = new StateTtl(TimeSpan.FromMilliseconds(TtlMs));
            Value = Store.GetValueState(new ValueStateDescriptor<long>("value") { Ttl = ttl });
            Sum = Store.GetReducingState(new ReducingStateDescriptor<long, SumReduce>("sum"));
            Mean = Store.GetAggregatingState(new AggregatingStateDescriptor<long, (long, long), long, MeanAggregate>("mean"));
            List = Store.GetListState(new ListStateDescriptor<long>("list") { Ttl = ttl with { Update = StateTtlUpdate.OnReadAndWrite } });
            Map = Store.GetMapState(new MapStateDescriptor<long, string>("map"));
            Name = Store.GetValueState(new ValueStateDescriptor<string>("name"));
            Joined = Store.GetReducingState(new ReducingStateDescriptor<string, JoinReduce>("joined") { Ttl = ttl });
            Distinct = Store.GetAggregatingState(new AggregatingStateDescriptor<long, HashSet<long>, int, DistinctCount>("distinct"));
        }
    }
}
