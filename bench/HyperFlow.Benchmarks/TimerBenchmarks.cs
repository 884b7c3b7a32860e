using BenchmarkDotNet.Attributes;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;
using HyperFlow.Timers;

namespace HyperFlow.Benchmarks;

/// <summary>
/// Register 1M event-time timers over 10K keys (random times, about 5% of them registered twice),
/// then fire them all by advancing the watermark in 1,000 steps: the timer service with the
/// in-memory backend (deduplicated, deletable, kept in keyed state for checkpoints) vs a hand-written
/// <see cref="PriorityQueue{TElement, TPriority}"/> with a <see cref="HashSet{T}"/> for deduplication
/// (neither deletable nor checkpointed: the floor). One operation is one registration plus its share
/// of the firing.
/// <code>
///   register ×1M ──► [ queue + dedup (+ state) ] ──► advance watermark ×1000 ──► OnTimer ×~950K
/// </code>
/// </summary>
[MemoryDiagnoser]
public class TimerBenchmarks
{
    private const int Registrations = 1 << 20;
    private const int Keys = 10_000;
    private const long Horizon = 1_000_000;
    private const int Steps = 1_000;

    private long[] _keys = [];
    private ulong[] _hashes = [];
    private long[] _times = [];
    private PriorityQueue<(long Key, long Time), long> _queue = new();
    private HashSet<(long Key, long Time)> _pending = [];
    private TimerService<long, VoidNamespace> _timers = null!;

    // Each invocation runs a horizon later than the one before: the service's watermark never goes back.
    private long _epoch;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _keys = new long[Registrations];
        _hashes = new ulong[Registrations];
        _times = new long[Registrations];
        for (int i = 0; i < Registrations; i++)
        {
            bool again = i > 0 && random.Next(20) == 0;
            int from = again ? random.Next(i) : i;
            _keys[i] = again ? _keys[from] : random.Next(Keys);
            _times[i] = again ? _times[from] : random.NextInt64(Horizon);
            _hashes[i] = KeyHash.Of(_keys[i]);
        }

        _queue = new PriorityQueue<(long, long), long>();
        _pending = [];
        var context = new KeyedStateContext("bench", "timers", 0, 1, KeyGroups.DefaultMaxParallelism);
        _timers = new TimerService<long, VoidNamespace>(() => InMemoryStateBackend.Instance.CreateKeyedStore<TimerKey<long, VoidNamespace>>(context));
    }

    [GlobalCleanup]
    public void Cleanup() => _timers.Store.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Registrations)]
    public long PriorityQueueAndHashSet()
    {
        PriorityQueue<(long Key, long Time), long> queue = _queue;
        HashSet<(long Key, long Time)> pending = _pending;
        long[] keys = _keys;
        long[] times = _times;
        long epoch = _epoch += Horizon;
        for (int i = 0; i < keys.Length; i++)
        {
            long time = epoch + times[i];
            if (pending.Add((keys[i], time)))
            {
                queue.Enqueue((keys[i], time), time);
            }
        }

        long sum = 0;
        for (long watermark = epoch + (Horizon / Steps); watermark <= epoch + Horizon; watermark += Horizon / Steps)
        {
            while (queue.TryPeek(out (long Key, long Time) timer, out long time) && time <= watermark)
            {
                queue.Dequeue();
                pending.Remove(timer);
                sum += timer.Key ^ time;
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Registrations)]
    public long TimerService()
    {
        TimerService<long, VoidNamespace> timers = _timers;
        long[] keys = _keys;
        ulong[] hashes = _hashes;
        long[] times = _times;
        long epoch = _epoch += Horizon;
        for (int i = 0; i < keys.Length; i++)
        {
            timers.RegisterEventTimeTimer(keys[i], hashes[i], default, epoch + times[i]);
        }

        var target = new Sum();
        for (long watermark = epoch + (Horizon / Steps); watermark <= epoch + Horizon; watermark += Horizon / Steps)
        {
            timers.AdvanceWatermark(watermark, ref target);
        }

        return target.Value;
    }

    private struct Sum : ITimerTarget<long, VoidNamespace>
    {
        public long Value;

        public void OnTimer(in long key, in VoidNamespace ns, long time, TimeDomain domain) => Value += key ^ time;
    }
}
