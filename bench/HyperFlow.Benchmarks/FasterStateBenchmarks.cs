using BenchmarkDotNet.Attributes;
using FASTER.core;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.State;

namespace HyperFlow.Benchmarks;

/// <summary>
/// Read-modify-write (add 1 to a long) of FASTER-backed keyed state: HyperFlow's
/// <see cref="FasterTable{TKey, TValue, TInput, TUpdater}"/> in a batch vs the naive use of FASTER.
/// <code>
///   keys (random permutation) ─▶ BeginBatch; table.Rmw(key, 1) × N; EndBatch            (HyperFlow)
///   keys (random permutation) ─▶ session.RMW(key, 1) × N, SimpleFunctions((a, b) => a + b) (naive)
/// </code>
/// Keys are preloaded in the global setup. One operation is one RMW (OperationsPerInvoke), so the
/// results read as ns per RMW. <see cref="State"/>: "1M-in-memory" is 1M keys with a 1 GiB log
/// budget (everything in memory); "8M-6x-memory" is 8M keys (192 MB of 24-byte records) with a
/// 32 MiB log budget, so most RMWs wait on a disk read (the naive side waits for each one).
/// Both sides get the same index (2^20 buckets, 64 MiB) and log sizes.
/// </summary>
[MemoryDiagnoser]
public class FasterStateBenchmarks
{
    private const int Operations = 1 << 16;
    private const string InMemory = "1M-in-memory";
    private const string LargerThanMemory = "8M-6x-memory";

    private string _directory = string.Empty;
    private long[] _keys = [];
    private int _cursor;
    private FasterTable<long, long, long, AddUpdater>? _table;
    private IDevice? _device;
    private FasterKV<long, long>? _store;
    private ClientSession<long, long, long, long, Empty, IFunctions<long, long, long, long, Empty>>? _session;
    private KeyedStateStore<long>? _stateStore;
    private ReducingState<long>? _sum;

    [Params(InMemory, LargerThanMemory)]
    public string State { get; set; } = InMemory;

    private int KeyCount => State == InMemory ? 1_000_000 : 8_000_000;

    private int MemorySizeBits => State == InMemory ? 30 : 25;

    [GlobalSetup(Target = nameof(HyperFlowTableBatch))]
    public void SetUpTable()
    {
        SetUpKeys();
        _table = new FasterTable<long, long, long, AddUpdater>(new FasterStoreOptions
        {
            Directory = _directory,
            MemoryBudgetBytes = 1L << MemorySizeBits,
            PageSizeBytes = 1 << 20,
            SegmentSizeBytes = 1L << 28,
            IndexBuckets = 1 << 20,
            DeleteFilesOnDispose = true,
        });
        _table.BeginBatch();
        for (long key = 0; key < KeyCount; key++)
        {
            _table.Upsert(key, 0);
        }

        _table.EndBatch();
    }

    [GlobalSetup(Target = nameof(HyperFlowStateHandle))]
    public void SetUpStateStore()
    {
        SetUpKeys();
        var backend = new FasterStateBackend(new FasterStoreOptions
        {
            Directory = _directory,
            MemoryBudgetBytes = 1L << MemorySizeBits,
            PageSizeBytes = 1 << 20,
            SegmentSizeBytes = 1L << 28,
            IndexBuckets = 1 << 20,
        });
        _stateStore = backend.CreateKeyedStore<long>(new KeyedStateContext("bench", "sum", 0, 1, 128));
        _sum = _stateStore.GetReducingState(new ReducingStateDescriptor<long, Sum>("sum"));
        _stateStore.BeginBatch();
        for (long key = 0; key < KeyCount; key++)
        {
            _stateStore.SetCurrentKey(key, HyperFlow.Storage.Keys.KeyHash.Of(key));
            _sum.Add(0);
        }

        _stateStore.EndBatch();
    }

    [GlobalSetup(Target = nameof(NaiveSessionRmw))]
    public void SetUpNaive()
    {
        SetUpKeys();
        _device = Devices.CreateLogDevice(Path.Combine(_directory, "hlog.log"), deleteOnClose: true);
        _store = new FasterKV<long, long>(
            1 << 20,
            new LogSettings { LogDevice = _device, MemorySizeBits = MemorySizeBits, PageSizeBits = 20, SegmentSizeBits = 28 },
            new CheckpointSettings { CheckpointDir = _directory });
        _session = _store.NewSession(new SimpleFunctions<long, long>((a, b) => a + b));
        for (long key = 0; key < KeyCount; key++)
        {
            long value = 0;
            _session.Upsert(ref key, ref value);
        }
    }

    [GlobalCleanup]
    public void CleanUp()
    {
        _table?.Dispose();
        _stateStore?.Dispose();
        _session?.Dispose();
        _store?.Dispose();
        _device?.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    public long NaiveSessionRmw()
    {
        var session = _session!;
        long[] keys = _keys;
        int start = NextStart();
        long pending = 0;
        for (int i = start; i < start + Operations; i++)
        {
            long key = keys[i];
            long one = 1;
            if (session.RMW(ref key, ref one).IsPending)
            {
                pending++;
                session.CompletePending(wait: true);
            }
        }

        return pending;
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public long HyperFlowTableBatch()
    {
        var table = _table!;
        long[] keys = _keys;
        int start = NextStart();
        table.BeginBatch();
        try
        {
            for (int i = start; i < start + Operations; i++)
            {
                table.Rmw(keys[i], 1);
            }
        }
        finally
        {
            table.EndBatch();
        }

        return table.PendingOperations;
    }

    /// <summary>The same RMW through the FASTER state backend's reducing state handle (what operators use).</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public long HyperFlowStateHandle()
    {
        KeyedStateStore<long> store = _stateStore!;
        ReducingState<long> sum = _sum!;
        long[] keys = _keys;
        int start = NextStart();
        store.BeginBatch();
        try
        {
            for (int i = start; i < start + Operations; i++)
            {
                long key = keys[i];
                store.SetCurrentKey(key, HyperFlow.Storage.Keys.KeyHash.Of(key));
                sum.Add(1);
            }
        }
        finally
        {
            store.EndBatch();
        }

        return store.Statistics.PendingOperations;
    }

    private void SetUpKeys()
    {
        _directory = Path.Combine(Path.GetTempPath(), "hyperflow-bench-faster", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _keys = new long[KeyCount];
        for (int i = 0; i < _keys.Length; i++)
        {
            _keys[i] = i;
        }

        new Random(42).Shuffle(_keys);
        _cursor = 0;
    }

    private int NextStart()
    {
        if (_cursor + Operations > _keys.Length)
        {
            _cursor = 0;
        }

        int start = _cursor;
        _cursor += Operations;
        return start;
    }

    private struct Sum : IReduceFunction<long>
    {
        public readonly long Reduce(in long current, in long value) => current + value;
    }

    private struct AddUpdater : IValueUpdater<long, long>
    {
        public readonly long Initial(in long input) => input;

        public readonly void Update(ref long value, in long input) => value += input;
    }
}
