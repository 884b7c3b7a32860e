using CsCheck;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Tests.State;

/// <summary>
/// Model-based tests: random operations on every kind of state (with TTL and clock advances, and
/// snapshot-and-restore in the middle) against a plain dictionary model, per backend.
/// </summary>
public class StateModelTests
{
    private const long TtlMs = 100;

    // Operation codes (see the switch); the FASTER backend holds value, reducing and aggregating state.
    private static readonly int[] s_allOperations = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    private static readonly int[] s_fasterOperations = [0, 1, 2, 3, 4, 10, 11];

    public static TheoryData<string> Backends => ["InMemory", "Faster"];

    [Theory]
    [MemberData(nameof(Backends))]
    public void RandomOperations_MatchModel(string backend)
    {
        int[] operations = backend == "Faster" ? s_fasterOperations : s_allOperations;
        using var files = new Faster.TempDirectory();
        // A FASTER snapshot scans the log with a temporary store (about 30 ms each): fewer samples keep the test short.
        int samples = backend == "Faster" ? 15 : 100;
        Gen.Select(Gen.Int[0, operations.Length - 1], Gen.Long[0, 15], Gen.Long[-9, 9]).Array[1, 300].Sample(ops =>
        {
            var clock = new ManualClock();
            using var harness = new Harness(Backend(backend, files.Path), clock);
            var model = new Model();
            long now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            foreach ((int index, long key, long arg) in ops)
            {
                int op = operations[index];
                harness.Store.SetCurrentKey(key, KeyHash.Of(key));
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
                        harness.Map!.Put(arg & 3, arg);
                        model.Maps.TryAdd(key, []);
                        model.Maps[key][arg & 3] = arg;
                        break;
                    case 9:
                        Dictionary<long, long>? map = model.Maps.GetValueOrDefault(key);
                        Assert.Equal(map?.Remove(arg & 3) ?? false, harness.Map!.Remove(arg & 3));
                        if (map is { Count: 0 })
                        {
                            model.Maps.Remove(key);
                        }

                        Assert.Equal(model.Maps.GetValueOrDefault(key)?.OrderBy(e => e.Key).ToList() ?? [], harness.Map!.Entries().OrderBy(e => e.Key));
                        Assert.Equal(model.Maps.GetValueOrDefault(key)?.Count ?? 0, harness.Map!.Count);
                        break;
                    case 10:
                        clock.Advance(TimeSpan.FromMilliseconds(Math.Abs(arg) * 10));
                        now = clock.GetUtcNow().ToUnixTimeMilliseconds();
                        break;
                    case 11:
                        harness.SnapshotAndRestore();
                        break;
                    default:
                        harness.List.Clear();
                        model.Lists.Remove(key);
                        break;
                }
            }

            // Everything the model holds is in the store, and nothing else.
            harness.SnapshotAndRestore();
            for (long key = 0; key <= 15; key++)
            {
                harness.Store.SetCurrentKey(key, KeyHash.Of(key));
                bool live = model.Values.TryGetValue(key, out var v) && v.ExpiresAt > now;
                Assert.Equal(live, harness.Value.TryGet(out _));
                Assert.Equal(model.Sums.ContainsKey(key), harness.Sum.TryGet(out _));
                Assert.Equal(model.Maps.GetValueOrDefault(key)?.Count ?? 0, harness.Map?.Count ?? 0);
            }
        }, iter: samples);
    }

    internal static IStateBackend Backend(string name, string directory) => name switch
    {
        "InMemory" => InMemoryStateBackend.Instance,
        // A small log, so part of the state goes to disk and operations go pending.
        "Faster" => new FasterStateBackend(Faster.FasterTables.Tiny(directory)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown backend."),
    };

    private sealed class Model
    {
        public Dictionary<long, (long Value, long ExpiresAt)> Values { get; } = [];

        public Dictionary<long, long> Sums { get; } = [];

        public Dictionary<long, (long Count, long Sum)> Means { get; } = [];

        public Dictionary<long, (List<long> Items, long ExpiresAt)> Lists { get; } = [];

        public Dictionary<long, Dictionary<long, long>> Maps { get; } = [];
    }

    /// <summary>A store with one state of each kind, re-created from its own snapshot on demand.</summary>
    private sealed class Harness : IDisposable
    {
        private readonly IStateBackend _backend;
        private readonly KeyedStateContext _context;

        public Harness(IStateBackend backend, TimeProvider clock)
        {
            _backend = backend;
            _context = new KeyedStateContext("model-job", "model-op", 0, 1, 128) { Clock = clock };
            Open(null);
        }

        public KeyedStateStore<long> Store { get; private set; } = null!;

        public ValueState<long> Value { get; private set; } = null!;

        public ReducingState<long> Sum { get; private set; } = null!;

        public AggregatingState<long, long> Mean { get; private set; } = null!;

        public ListState<long> List { get; private set; } = null!;

        public MapState<long, long>? Map { get; private set; }

        public void SnapshotAndRestore()
        {
            var bytes = new MemoryStream();
            Store.WriteSnapshot(bytes);
            Store.Dispose();
            bytes.Position = 0;
            Open(bytes);
        }

        public void Dispose() => Store.Dispose();

        private void Open(Stream? snapshot)
        {
            Store = _backend.CreateKeyedStore<long>(_context);
            if (snapshot is not null)
            {
                Store.Restore([snapshot]);
            }

            var ttl = new StateTtl(TimeSpan.FromMilliseconds(TtlMs));
            Value = Store.GetValueState(new ValueStateDescriptor<long>("value") { Ttl = ttl });
            Sum = Store.GetReducingState(new ReducingStateDescriptor<long, SumReduce>("sum"));
            Mean = Store.GetAggregatingState(new AggregatingStateDescriptor<long, (long, long), long, MeanAggregate>("mean"));
            if (_backend is InMemoryStateBackend)
            {
                List = Store.GetListState(new ListStateDescriptor<long>("list") { Ttl = ttl with { Update = StateTtlUpdate.OnReadAndWrite } });
                Map = Store.GetMapState(new MapStateDescriptor<long, long>("map"));
            }
        }
    }
}
