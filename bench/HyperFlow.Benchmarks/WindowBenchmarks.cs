using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;
using HyperFlow.Windows;

namespace HyperFlow.Benchmarks;

/// <summary>
/// Event-time windows summing a long per key over 1,000 keys, events in timestamp order, 1,000,000
/// events per second of event time, a watermark every millisecond (the last timestamp minus one):
/// <code>
///   events ─▶ AlignedWindowOperator, tumbling 1 s            ─▶ results   (HyperFlow)
///   events ─▶ AlignedWindowOperator, sliding 10 s every 1 s  ─▶ results   (HyperFlow, 1 s slices)
///   events ─▶ Dictionary per window, fired on the watermark  ─▶ results   (hand-written)
/// </code>
/// Each invocation is the next second of event time, so in steady state one window fires per
/// invocation (ten slices merge per key for the sliding one). One operation is one event
/// (OperationsPerInvoke): results read as ns per event. Results are summed into a checksum so nothing
/// is optimised away.
/// </summary>
[MemoryDiagnoser]
public class WindowBenchmarks
{
    private const int Keys = 1000;
    private const int EventsPerMillisecond = 1000;
    private const int EventsPerSecond = EventsPerMillisecond * 1000;

    private readonly Checksum _checksum = new();
    private readonly HandWrittenWindows _handWritten = new();
    private long[] _keys = [];
    private long[] _values = [];
    private KeyedStateStore<SliceKey<long>> _tumblingStore = null!;
    private KeyedStateStore<SliceKey<long>> _slidingStore = null!;
    private AlignedWindowOperator<long, long, long, long, MergingAggregateFold<long, long, long, Sum>> _tumbling = null!;
    private AlignedWindowOperator<long, long, long, long, MergingAggregateFold<long, long, long, Sum>> _sliding = null!;
    private long _handWrittenSecond;
    private long _tumblingSecond;
    private long _slidingSecond;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _keys = new long[EventsPerSecond];
        _values = new long[EventsPerSecond];
        for (int i = 0; i < EventsPerSecond; i++)
        {
            _keys[i] = random.Next(Keys);
            _values[i] = random.Next(1, 100);
        }

        _tumblingStore = InMemoryStateBackend.Instance.CreateKeyedStore<SliceKey<long>>(new KeyedStateContext("bench", "tumbling", 0, 1, KeyGroups.DefaultMaxParallelism));
        _slidingStore = InMemoryStateBackend.Instance.CreateKeyedStore<SliceKey<long>>(new KeyedStateContext("bench", "sliding", 0, 1, KeyGroups.DefaultMaxParallelism));
        _tumbling = new(_tumblingStore, TumblingWindows.Of(TimeSpan.FromSeconds(1)), _checksum);
        _sliding = new(_slidingStore, SlidingWindows.Of(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1)), _checksum);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _tumblingStore.Dispose();
        _slidingStore.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = EventsPerSecond)]
    public long HandWrittenTumbling()
    {
        HandWrittenWindows windows = _handWritten;
        long[] keys = _keys;
        long[] values = _values;
        long start = _handWrittenSecond++ * 1000;
        for (int ms = 0; ms < 1000; ms++)
        {
            long timestamp = start + ms;
            for (int i = ms * EventsPerMillisecond, end = i + EventsPerMillisecond; i < end; i++)
            {
                windows.Add(keys[i], values[i], timestamp);
            }

            windows.AdvanceWatermark(timestamp - 1);
        }

        return windows.Checksum;
    }

    [Benchmark(OperationsPerInvoke = EventsPerSecond)]
    public long HyperFlowTumbling() => Run(_tumbling, _tumblingSecond++);

    [Benchmark(OperationsPerInvoke = EventsPerSecond)]
    public long HyperFlowSliding() => Run(_sliding, _slidingSecond++);

    private long Run(AlignedWindowOperator<long, long, long, long, MergingAggregateFold<long, long, long, Sum>> op, long second)
    {
        long[] keys = _keys;
        long[] values = _values;
        long start = second * 1000;
        for (int ms = 0; ms < 1000; ms++)
        {
            long timestamp = start + ms;
            for (int i = ms * EventsPerMillisecond, end = i + EventsPerMillisecond; i < end; i++)
            {
                op.Add(keys[i], values[i], timestamp);
            }

            op.AdvanceWatermark(timestamp - 1);
        }

        return _checksum.Value;
    }

    private readonly struct Sum : IMergingAggregateFunction<long, long, long>
    {
        public long CreateAccumulator() => 0;

        public void Add(ref long accumulator, in long value) => accumulator += value;

        public long GetResult(in long accumulator) => accumulator;

        public long Merge(in long left, in long right) => left + right;
    }

    private sealed class Checksum : IWindowOutput<long, long>
    {
        public long Value { get; private set; }

        public void Emit(in WindowResult<long, long> result) => Value += result.Value;
    }
}

/// <summary>
/// The straightforward way to window by hand: a <see cref="Dictionary{TKey, TValue}"/> of sums per
/// open 1 s window (the current one cached), updated in place, each window fired and recycled when
/// the watermark passes its end.
/// </summary>
internal sealed class HandWrittenWindows
{
    private const long Size = 1000;

    // Open windows by end, ascending (events in order: new windows are appended).
    private readonly List<(long End, Dictionary<long, long> Sums)> _open = [];
    private readonly Stack<Dictionary<long, long>> _spare = new();
    private Dictionary<long, long>? _current;
    private long _currentEnd = long.MinValue;

    public long Checksum { get; private set; }

    public void Add(long key, long value, long timestamp)
    {
        long end = timestamp - (timestamp % Size) + Size;
        if (end != _currentEnd)
        {
            _current = Open(end);
            _currentEnd = end;
        }

        CollectionsMarshal.GetValueRefOrAddDefault(_current!, key, out _) += value;
    }

    public void AdvanceWatermark(long watermark)
    {
        while (_open.Count > 0 && _open[0].End - 1 <= watermark)
        {
            (long end, Dictionary<long, long> sums) = _open[0];
            foreach (long sum in sums.Values)
            {
                Checksum += sum;
            }

            sums.Clear();
            _spare.Push(sums);
            _open.RemoveAt(0);
            if (end == _currentEnd)
            {
                _currentEnd = long.MinValue;
            }
        }
    }

    private Dictionary<long, long> Open(long end)
    {
        int i = _open.Count;
        while (i > 0 && _open[i - 1].End >= end)
        {
            if (_open[i - 1].End == end)
            {
                return _open[i - 1].Sums;
            }

            i--;
        }

        Dictionary<long, long> sums = _spare.Count > 0 ? _spare.Pop() : [];
        _open.Insert(i, (end, sums));
        return sums;
    }
}
