using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using HyperFlow.Storage.Checkpointing;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;

namespace HyperFlow.Benchmarks;

/// <summary>
/// Checkpoint write and restore throughput of an in-memory store of ~1M keys (a long value per long
/// key): one operation is one whole checkpoint of one subtask.
/// <code>
///   RawSnapshot      store ─▶ TakeSnapshot ─▶ canonical bytes ─▶ file, fsync                       (baseline)
///   WriteCheckpoint  store ─▶ TakeSnapshot ─▶ canonical bytes ─▶ LZ4 frame + xxHash64 ─▶ file, fsync
///                          ─▶ manifest (temp, fsync, rename, directory fsync) ─▶ retention
///   Restore          verify checksums ─▶ LZ4 decode ─▶ KeyedStateStore.Restore into a new store
/// </code>
/// Extra columns: the snapshot's raw and stored (LZ4) sizes, their ratio, and raw MB/s from the
/// mean (raw bytes written or restored per second). The sizes are measured once in the host process.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class CheckpointBenchmarks
{
    private const string Uid = "sum";

    private string _directory = string.Empty;
    private KeyedStateStore<long> _store = null!;
    private CheckpointStorage _storage = null!;

    /// <summary>Distinct keys held in the state.</summary>
    [Params(1_000_000)]
    public int Keys { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("hyperflow-checkpoint-bench").FullName;
        _store = Fill(Keys);
        _storage = CheckpointStorage.Open(new CheckpointStorageOptions(Path.Combine(_directory, "checkpoints"), "bench") { RetainedCheckpoints = 1 });
        WriteCheckpoint();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _storage.Dispose();
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public void RawSnapshot()
    {
        using var file = new FileStream(Path.Combine(_directory, "raw.snapshot"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        _store.TakeSnapshot().WriteTo(file);
        file.Flush(flushToDisk: true);
    }

    [Benchmark]
    public CheckpointManifest WriteCheckpoint()
    {
        using CheckpointWriter writer = _storage.BeginCheckpoint(_storage.NextCheckpointId, "InMemory");
        writer.WriteKeyedState(_store.Context, _store.TakeSnapshot());
        return writer.Complete();
    }

    [Benchmark]
    public long Restore()
    {
        CheckpointReader reader = _storage.OpenLatest(new CheckpointRestoreOptions([Uid]))!;
        using KeyedStateStore<long> restored = InMemoryStateBackend.Instance.CreateKeyedStore<long>(_store.Context);
        reader.RestoreKeyedState(restored);
        return restored.Statistics.Entries;
    }

    private static KeyedStateStore<long> Fill(int keys)
    {
        var random = new Random(42);
        KeyedStateStore<long> store = InMemoryStateBackend.Instance.CreateKeyedStore<long>(new KeyedStateContext("bench", Uid, 0, 1, KeyGroups.DefaultMaxParallelism));
        ValueState<long> value = store.GetValueState(new ValueStateDescriptor<long>("value"));
        for (int i = 0; i < keys; i++)
        {
            long key = random.NextInt64();
            store.SetCurrentKey(key, KeyHash.Of(key));

            // Counters of modest size, as aggregations hold: their high bytes compress, keys and hashes do not.
            value.Update(random.Next(100_000));
        }

        return store;
    }

    /// <summary>Adds the size, ratio and MB/s columns.</summary>
    private sealed class Columns : ManualConfig
    {
        public Columns()
        {
            AddColumn(
                new SizeColumn("Raw MB", static s => s.Raw / 1e6),
                new SizeColumn("Stored MB", static s => s.Stored / 1e6),
                new SizeColumn("LZ4 ratio", static s => (double)s.Raw / s.Stored),
                new SizeColumn("Raw MB/s", static (s, meanNs) => s.Raw / 1e6 / (meanNs / 1e9)));
        }
    }

    /// <summary>A column computed from the snapshot's sizes (measured once per key count, in the host) and the case's mean time.</summary>
    private sealed class SizeColumn : IColumn
    {
        private static readonly Dictionary<int, (long Raw, long Stored)> s_sizes = [];
        private readonly Func<(long Raw, long Stored), double, double> _value;

        public SizeColumn(string name, Func<(long Raw, long Stored), double> value)
            : this(name, (s, _) => value(s))
        {
        }

        public SizeColumn(string name, Func<(long Raw, long Stored), double, double> value)
        {
            ColumnName = name;
            _value = value;
        }

        public string Id => nameof(SizeColumn) + ColumnName;

        public string ColumnName { get; }

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => ColumnName switch
        {
            "Raw MB" => "Canonical snapshot size before compression",
            "Stored MB" => "LZ4-framed size on disk",
            "LZ4 ratio" => "Raw MB / Stored MB",
            _ => "Raw snapshot megabytes written or restored per second (from the mean)",
        };

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            int keys = (int)benchmarkCase.Parameters[nameof(Keys)];
            double meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean ?? double.NaN;
            return _value(Sizes(keys), meanNs).ToString("F2", CultureInfo.InvariantCulture);
        }

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;

        private static (long Raw, long Stored) Sizes(int keys)
        {
            lock (s_sizes)
            {
                if (!s_sizes.TryGetValue(keys, out (long, long) sizes))
                {
                    string directory = Directory.CreateTempSubdirectory("hyperflow-checkpoint-sizes").FullName;
                    try
                    {
                        using KeyedStateStore<long> store = Fill(keys);
                        using var storage = CheckpointStorage.Open(new CheckpointStorageOptions(directory, "bench"));
                        using CheckpointWriter writer = storage.BeginCheckpoint(1, "InMemory");
                        StateFileManifest file = writer.WriteKeyedState(store.Context, store.TakeSnapshot());
                        sizes = (file.RawSize, file.StoredSize);
                        s_sizes.Add(keys, sizes);
                    }
                    finally
                    {
                        Directory.Delete(directory, recursive: true);
                    }
                }

                return sizes;
            }
        }
    }
}
