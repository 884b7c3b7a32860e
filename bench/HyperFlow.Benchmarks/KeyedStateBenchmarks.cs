using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;

namespace HyperFlow.Benchmarks;

/// <summary>
/// Read-modify-write of an 8-byte value (add 1) under many distinct long keys, visited in random
/// order: the in-memory backend through its state handle (set the current key, add to a reducing
/// state) and through the raw table the generated operators use, vs <see cref="Dictionary{TKey, TValue}"/>
/// updated in place (<see cref="CollectionsMarshal.GetValueRefOrAddDefault{TKey, TValue}(Dictionary{TKey, TValue}, TKey, out bool)"/>,
/// one lookup: the fastest way to use it). Our side pays for the stable key hash every time.
/// One operation is one read-modify-write.
/// </summary>
[MemoryDiagnoser]
public class KeyedStateBenchmarks
{
    private const int Operations = 1 << 20;

    private long[] _operations = [];
    private Dictionary<long, long> _dictionary = [];
    private KeyedValueTable<long, long> _table = new();
    private KeyedStateStore<long> _store = null!;
    private ReducingState<long> _sum = null!;

    /// <summary>Distinct keys held in the state.</summary>
    [Params(10_000, 1_000_000)]
    public int Keys { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        long[] keys = new long[Keys];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = random.NextInt64();
        }

        _operations = new long[Operations];
        for (int i = 0; i < _operations.Length; i++)
        {
            _operations[i] = keys[random.Next(keys.Length)];
        }

        _dictionary = [];
        _table = new KeyedValueTable<long, long>();
        _store = InMemoryStateBackend.Instance.CreateKeyedStore<long>(new KeyedStateContext("bench", "sum", 0, 1, KeyGroups.DefaultMaxParallelism));
        _sum = _store.GetReducingState(new ReducingStateDescriptor<long, Sum>("sum"));
        foreach (long key in keys)
        {
            _dictionary[key] = 0;
            _table.GetOrAdd(key, KeyHash.Of(key)) = 0;
            _store.SetCurrentKey(key, KeyHash.Of(key));
            _sum.Add(0);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    public void Dictionary()
    {
        Dictionary<long, long> dictionary = _dictionary;
        foreach (long key in _operations)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(dictionary, key, out _)++;
        }
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public void InMemoryStateHandle()
    {
        KeyedStateStore<long> store = _store;
        ReducingState<long> sum = _sum;
        foreach (long key in _operations)
        {
            store.SetCurrentKey(key, KeyHash.Of(key));
            sum.Add(1);
        }
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public void InMemoryTable()
    {
        KeyedValueTable<long, long> table = _table;
        foreach (long key in _operations)
        {
            table.GetOrAdd(key, KeyHash.Of(key))++;
        }
    }

    private struct Sum : IReduceFunction<long>
    {
        public readonly long Reduce(in long current, in long value) => current + value;
    }
}
