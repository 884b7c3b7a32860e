using FASTER.core;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;

namespace HyperFlow.PerfHarness;

/// <summary>
/// Read-modify-write of an 8-byte sum under random long keys in FASTER: HyperFlow's FASTER state
/// backend (a reducing state handle driven as generated operators drive it: batches of 1024 records
/// between <c>BeginBatch</c>/<c>EndBatch</c>) against the naive use of FASTER (a <c>ClientSession</c>
/// with <c>SimpleFunctions</c>, waiting on each pending operation). Both stores are created and
/// preloaded once per process, with the same index and log settings, and every run walks the same
/// random permutation of the keys, so the two sides do the same work.
/// </summary>
internal sealed class FasterCases : IDisposable
{
    private const int Batch = 1024;

    private readonly string _directory;
    private readonly long[] _keys;
    private readonly KeyedStateStore<long> _store;
    private readonly ReducingState<long> _sum;
    private readonly IDevice _device;
    private readonly FasterKV<long, long> _naive;
    private readonly ClientSession<long, long, long, long, Empty, IFunctions<long, long, long, long, Empty>> _session;

    private FasterCases(int keys, long memoryBudgetBytes)
    {
        _directory = Path.Combine(Path.GetTempPath(), "hyperflow-perf-faster", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _keys = new long[keys];
        for (int i = 0; i < keys; i++)
        {
            _keys[i] = i;
        }

        new Random(42).Shuffle(_keys);
        int memoryBits = (int)Math.Log2(memoryBudgetBytes);
        var options = new FasterStoreOptions
        {
            Directory = Path.Combine(_directory, "hyperflow"),
            MemoryBudgetBytes = 1L << memoryBits,
            PageSizeBytes = 1 << 20,
            SegmentSizeBytes = 1L << 28,
            IndexBuckets = 1 << 20,
        };
        _store = new FasterStateBackend(options).CreateKeyedStore<long>(new KeyedStateContext("perf", "sum", 0, 1, 128));
        _sum = _store.GetReducingState(new ReducingStateDescriptor<long, Sum>("sum"));
        _store.BeginBatch();
        for (long key = 0; key < keys; key++)
        {
            _store.SetCurrentKey(key, KeyHash.Of(key));
            _sum.Add(0);
        }

        _store.EndBatch();

        _device = Devices.CreateLogDevice(Path.Combine(_directory, "naive", "hlog.log"), deleteOnClose: true);
        _naive = new FasterKV<long, long>(
            1 << 20,
            new LogSettings { LogDevice = _device, MemorySizeBits = memoryBits, PageSizeBits = 20, SegmentSizeBits = 28 },
            new CheckpointSettings { CheckpointDir = Path.Combine(_directory, "naive") });
        _session = _naive.NewSession(new SimpleFunctions<long, long>((a, b) => a + b));
        for (long key = 0; key < keys; key++)
        {
            long zero = 0;
            _session.Upsert(ref key, ref zero);
        }
    }

    /// <summary>The cases: 1M keys all in memory, and 8M keys (192 MB of records) under a 48 MiB log budget, 4x.</summary>
    public static IReadOnlyList<PerfCase> Throughput { get; } =
    [
        Case("faster-state/1m-in-memory", "FASTER reducing state, 1M random long keys, 1 GiB log budget (all in memory)", 1_000_000, 1L << 30),
        Case("faster-state/8m-4x-memory", "FASTER reducing state, 8M random long keys, 192 MB of records under a 48 MiB log budget (4x)", 8_000_000, 48L << 20),
    ];

    public void Dispose()
    {
        _store.Dispose();
        _session.Dispose();
        _naive.Dispose();
        _device.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static PerfCase Case(string name, string description, int keys, long budget)
    {
        // Created on first use, so listing or running other cases does not preload these stores.
        var cases = new Lazy<FasterCases>(() => new FasterCases(keys, budget));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (cases.IsValueCreated)
            {
                cases.Value.Dispose();
            }
        };
        return new PerfCase(
            name,
            description,
            "naive FASTER (ClientSession + SimpleFunctions)",
            events => cases.Value.RunHyperFlow(events),
            events => cases.Value.RunNaive(events));
    }

    private long RunHyperFlow(long events)
    {
        long checksum = 0;
        long done = 0;
        while (done < events)
        {
            int n = (int)Math.Min(Batch, events - done);
            _store.BeginBatch();
            try
            {
                for (int i = 0; i < n; i++)
                {
                    long key = _keys[(done + i) % _keys.Length];
                    _store.SetCurrentKey(key, KeyHash.Of(key));
                    _sum.Add(1);
                    checksum += key;
                }
            }
            finally
            {
                _store.EndBatch();
            }

            done += n;
        }

        return checksum;
    }

    private long RunNaive(long events)
    {
        long checksum = 0;
        for (long i = 0; i < events; i++)
        {
            long key = _keys[i % _keys.Length];
            long one = 1;
            if (_session.RMW(ref key, ref one).IsPending)
            {
                _session.CompletePending(wait: true);
            }

            checksum += key;
        }

        return checksum;
    }

    private struct Sum : IReduceFunction<long>
    {
        public readonly long Reduce(in long current, in long value) => current + value;
    }
}
