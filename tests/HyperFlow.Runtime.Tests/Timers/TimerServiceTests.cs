using CsCheck;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.Serialization;
using HyperFlow.Storage.State;
using HyperFlow.Testing;
using HyperFlow.Timers;

namespace HyperFlow.Runtime.Tests.Timers;

public class TimerServiceTests
{
    private static readonly TestWindow s_window = new(0, 10);

    [Fact]
    public void Register_SameTimerTwice_IsKeptOnceAndFiresOnce()
    {
        TimerService<long, TestWindow> timers = TimerServices.Create<long>(InMemoryStateBackend.Instance);
        Assert.True(timers.RegisterEventTimeTimer(7, KeyHash.Of(7L), s_window, 100));
        Assert.False(timers.RegisterEventTimeTimer(7, KeyHash.Of(7L), s_window, 100));
        // The same (key, namespace, time) in the other domain, or another namespace, is another timer.
        Assert.True(timers.RegisterProcessingTimeTimer(7, KeyHash.Of(7L), s_window, 100));
        Assert.True(timers.RegisterEventTimeTimer(7, KeyHash.Of(7L), new TestWindow(10, 20), 100));
        Assert.Equal(2, timers.EventTimeTimers);
        Assert.Equal(1, timers.ProcessingTimeTimers);
        Assert.Equal(3, timers.Store.Statistics.Entries);

        var recorder = new Recorder<long>([]);
        Assert.Equal(2, timers.AdvanceWatermark(100, ref recorder));
        Assert.Equal([new(7, s_window, 100, TimeDomain.EventTime), new(7, new TestWindow(10, 20), 100, TimeDomain.EventTime)], recorder.Fired);
        Assert.Equal(0, timers.AdvanceWatermark(1000, ref recorder));
        Assert.Equal(1, timers.Store.Statistics.Entries);
    }

    [Fact]
    public void Delete_OfATimerNotPending_IsANoOp()
    {
        TimerService<long, TestWindow> timers = TimerServices.Create<long>(InMemoryStateBackend.Instance);
        Assert.False(timers.DeleteEventTimeTimer(1, KeyHash.Of(1L), s_window, 5));
        timers.RegisterEventTimeTimer(1, KeyHash.Of(1L), s_window, 5);
        Assert.False(timers.DeleteProcessingTimeTimer(1, KeyHash.Of(1L), s_window, 5));
        Assert.False(timers.DeleteEventTimeTimer(1, KeyHash.Of(1L), s_window, 6));
        Assert.True(timers.DeleteEventTimeTimer(1, KeyHash.Of(1L), s_window, 5));
        Assert.False(timers.DeleteEventTimeTimer(1, KeyHash.Of(1L), s_window, 5));
        Assert.Equal(0, timers.EventTimeTimers);
        Assert.Equal(0, timers.Store.Statistics.Entries);
        var recorder = new Recorder<long>([]);
        Assert.Equal(0, timers.AdvanceWatermark(long.MaxValue, ref recorder));
    }

    [Fact]
    public void AdvanceWatermark_FiresInTimeOrderThenRegistrationOrder()
    {
        TimerService<long, TestWindow> timers = TimerServices.Create<long>(InMemoryStateBackend.Instance);
        (long Key, long Time)[] registered = [(3, 20), (1, 10), (2, 20), (9, 10), (4, 30), (5, 20)];
        foreach ((long key, long time) in registered)
        {
            timers.RegisterEventTimeTimer(key, KeyHash.Of(key), s_window, time);
        }

        var recorder = new Recorder<long>([]);
        Assert.Equal(5, timers.AdvanceWatermark(20, ref recorder));
        Assert.Equal([(1, 10), (9, 10), (3, 20), (2, 20), (5, 20)], recorder.Fired.Select(f => (f.Key, f.Time)));
        Assert.Equal(20, timers.CurrentWatermark);
        Assert.Equal(30, timers.NextEventTime);
    }

    [Fact]
    public void TimerDeletedAndRegisteredAgain_FiresOnceAfterTheOthersOfItsTime()
    {
        TimerService<long, TestWindow> timers = TimerServices.Create<long>(InMemoryStateBackend.Instance);
        timers.RegisterEventTimeTimer(1, KeyHash.Of(1L), s_window, 5);
        timers.RegisterEventTimeTimer(2, KeyHash.Of(2L), s_window, 10);
        timers.RegisterEventTimeTimer(3, KeyHash.Of(3L), s_window, 10);
        Assert.True(timers.DeleteEventTimeTimer(2, KeyHash.Of(2L), s_window, 10));
        Assert.True(timers.RegisterEventTimeTimer(2, KeyHash.Of(2L), s_window, 10));
        // Registering a pending timer again keeps its place.
        Assert.False(timers.RegisterEventTimeTimer(3, KeyHash.Of(3L), s_window, 10));

        var recorder = new Recorder<long>([]);
        Assert.Equal(3, timers.AdvanceWatermark(10, ref recorder));
        Assert.Equal([1L, 3, 2], recorder.Fired.Select(f => f.Key));
    }

    [Fact]
    public void AdvanceWatermark_Backwards_KeepsTheWatermarkButFiresTimersRegisteredBehindIt()
    {
        TimerService<long, TestWindow> timers = TimerServices.Create<long>(InMemoryStateBackend.Instance);
        var recorder = new Recorder<long>([]);
        Assert.Equal(long.MinValue, timers.CurrentWatermark);
        timers.AdvanceWatermark(100, ref recorder);
        // Late: at or before the watermark, it fires at the next advance, even one that does not move it.
        timers.RegisterEventTimeTimer(1, KeyHash.Of(1L), s_window, 50);
        Assert.Equal(1, timers.AdvanceWatermark(80, ref recorder));
        Assert.Equal(100, timers.CurrentWatermark);
        Assert.Equal([new(1, s_window, 50, TimeDomain.EventTime)], recorder.Fired);
    }

    [Fact]
    public void TimersRegisteredWhileFiring_AtOrBeforeTheWatermark_FireInTheSameAdvance()
    {
        TimerService<long, TestWindow> timers = TimerServices.Create<long>(InMemoryStateBackend.Instance);
        timers.RegisterEventTimeTimer(1, KeyHash.Of(1L), s_window, 0);
        timers.RegisterEventTimeTimer(1, KeyHash.Of(1L), s_window, 4);
        timers.RegisterEventTimeTimer(1, KeyHash.Of(1L), s_window, 7);
        var recorder = new Recorder<long>([], timers);
        timers.AdvanceWatermark(30, ref recorder);
        // 0 registers 1 and deletes 2; 4 registers 25; 25 is past 7 and fires too; 25 deletes 27.
        Assert.Equal([0L, 1, 4, 7, 25], recorder.Fired.Select(f => f.Time));
        Assert.Equal(0, timers.EventTimeTimers);
    }

    [Fact]
    public void AdvanceProcessingTime_FiresDueTimersAndReportsTheNextOne()
    {
        TimerService<long, TestWindow> timers = TimerServices.Create<long>(InMemoryStateBackend.Instance);
        Assert.Equal(long.MaxValue, timers.NextProcessingTime);
        timers.RegisterProcessingTimeTimer(1, KeyHash.Of(1L), s_window, 1_500);
        timers.RegisterProcessingTimeTimer(2, KeyHash.Of(2L), s_window, 1_200);
        timers.RegisterEventTimeTimer(3, KeyHash.Of(3L), s_window, 0);
        Assert.Equal(1_200, timers.NextProcessingTime);

        var recorder = new Recorder<long>([]);
        Assert.Equal(0, timers.AdvanceProcessingTime(1_199, ref recorder));
        Assert.Equal(1, timers.AdvanceProcessingTime(1_200, ref recorder));
        Assert.Equal(1_500, timers.NextProcessingTime);
        Assert.Equal(1, timers.AdvanceProcessingTime(2_000, ref recorder));
        Assert.Equal(long.MaxValue, timers.NextProcessingTime);
        Assert.Equal([2L, 1], recorder.Fired.Select(f => f.Key));
        Assert.All(recorder.Fired, f => Assert.Equal(TimeDomain.ProcessingTime, f.Domain));
        Assert.Equal(1, timers.EventTimeTimers);
    }

    [Fact]
    public void Advance_FromInsideOnTimer_Throws()
    {
        TimerService<long, TestWindow> timers = TimerServices.Create<long>(InMemoryStateBackend.Instance);
        timers.RegisterEventTimeTimer(1, KeyHash.Of(1L), s_window, 10);
        var target = new Reentrant(timers);
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => timers.AdvanceWatermark(10, ref target));
        Assert.Contains("'op-timers'", error.Message, StringComparison.Ordinal);
        // The service is usable afterwards.
        timers.RegisterEventTimeTimer(1, KeyHash.Of(1L), s_window, 20);
        var recorder = new Recorder<long>([]);
        Assert.Equal(1, timers.AdvanceWatermark(20, ref recorder));
    }

    [Fact]
    public void StringKeys_SurviveSnapshotAndRestore_InOrder()
    {
        TimerService<string, TestWindow> timers = TimerServices.Create<string>(InMemoryStateBackend.Instance);
        string[] keys = ["b", "a", "ü-sensor", "c"];
        foreach (string key in keys)
        {
            timers.RegisterEventTimeTimer(key, KeyHash.Of(key), s_window, 10);
            timers.RegisterProcessingTimeTimer(key, KeyHash.Of(key), new TestWindow(-5, 5), 99);
        }

        byte[] snapshot = TimerServices.Snapshot(timers);
        TimerService<string, TestWindow> restored = TimerServices.Create<string>(InMemoryStateBackend.Instance, restoreFrom: [snapshot]);
        var recorder = new Recorder<string>([]);
        restored.AdvanceWatermark(10, ref recorder);
        restored.AdvanceProcessingTime(99, ref recorder);
        Assert.Equal(
            [.. keys.Select(k => new FiredTimer<string>(k, s_window, 10, TimeDomain.EventTime)), .. keys.Select(k => new FiredTimer<string>(k, new TestWindow(-5, 5), 99, TimeDomain.ProcessingTime))],
            recorder.Fired);
    }

    [Fact]
    public void Constructor_RegistersTheTimerKeySerializerBeforeCreatingTheStore()
    {
        TimerService<string, VoidNamespace> timers = new(() =>
        {
            // Inside the factory, the composite key's serializer is the service's already.
            IStateSerializer<TimerKey<string, VoidNamespace>> serializer = StateSerializers.For<TimerKey<string, VoidNamespace>>();
            var key = new TimerKey<string, VoidNamespace>("k-1", default, -42, TimeDomain.ProcessingTime);
            var bytes = new System.Buffers.ArrayBufferWriter<byte>();
            serializer.Serialize(key, bytes);
            Assert.Equal(8 + 1 + 1 + 3, bytes.WrittenCount);
            Assert.Equal(key, serializer.Deserialize(bytes.WrittenMemory));
            Assert.Throws<InvalidDataException>(() => serializer.Deserialize(bytes.WrittenMemory[..5]));
            return InMemoryStateBackend.Instance.CreateKeyedStore<TimerKey<string, VoidNamespace>>(new KeyedStateContext("job", "fn-timers", 0, 1, 128));
        });
        Assert.Equal(0, timers.EventTimeTimers);
    }

    [Fact]
    public void TimerKey_HasTheKeyGroupOfItsKey()
    {
        var timer = new TimerKey<string, TestWindow>("account-9", s_window, 123, TimeDomain.EventTime);
        Assert.Equal(KeyHash.Of("account-9"), KeyHash.Of(timer));
        Assert.Equal(timer, timer with { });
        Assert.NotEqual(timer, timer with { Domain = TimeDomain.ProcessingTime });
        Assert.NotEqual(timer, timer with { Namespace = new TestWindow(0, 11) });
    }

    [Fact]
    public void RegisterAndFire_InSteadyState_AllocateNothing()
    {
        TimerService<long, VoidNamespace> timers = new(() => InMemoryStateBackend.Instance.CreateKeyedStore<TimerKey<long, VoidNamespace>>(new KeyedStateContext("job", "fn-timers", 0, 1, 128)));
        var counter = new Counter();
        ulong[] hashes = new ulong[1000];
        for (int k = 0; k < hashes.Length; k++)
        {
            hashes[k] = KeyHash.Of((long)k);
        }

        int rounds = 0;
        void Round()
        {
            long start = rounds++ * 10_000L;
            for (int k = 0; k < hashes.Length; k++)
            {
                for (int t = 0; t < 8; t++)
                {
                    timers.RegisterEventTimeTimer(k, hashes[k], default, start + (t * 997 % 8 * 1000) + k);
                    timers.RegisterProcessingTimeTimer(k, hashes[k], default, start + (t * 1000) + k);
                }

                timers.DeleteEventTimeTimer(k, hashes[k], default, start + k);
            }

            timers.AdvanceWatermark(start + 9_999, ref counter);
            timers.AdvanceProcessingTime(start + 9_999, ref counter);
        }

        // The first two rounds grow the queues and the tables.
        Round();
        Round();
        long allocated = Allocations.OnThisThread(() =>
        {
            Round();
            Round();
            Round();
        });

        Assert.Equal(0, allocated);
        Assert.Equal(rounds * 1000 * 15, counter.Fired);
        Assert.Equal(0, timers.Store.Statistics.Entries);
    }

    [Fact]
    public void RegisterDeleteChurn_BehindAnEarlierTimer_KeepsMemoryBounded()
    {
        // The session-timeout pattern: each event deletes its key's timeout and registers a later one.
        // Deleted entries below the top of the heap are dropped by compaction, not kept until their time.
        TimerService<long, VoidNamespace> timers = new(() => InMemoryStateBackend.Instance.CreateKeyedStore<TimerKey<long, VoidNamespace>>(new KeyedStateContext("job", "fn-timers", 0, 1, 128)));
        timers.RegisterEventTimeTimer(-1, KeyHash.Of(-1L), default, 0);
        const int keys = 100;
        long n = 0;
        void Churn(long count)
        {
            for (long end = n + count; n < end; n++)
            {
                long key = n % keys;
                ulong hash = KeyHash.Of(key);
                timers.DeleteEventTimeTimer(key, hash, default, 1_000_000 + n - keys);
                timers.RegisterEventTimeTimer(key, hash, default, 1_000_000 + n);
            }
        }

        Churn(20_000);
        long allocated = Allocations.OnThisThread(() => Churn(60_000));

        Assert.Equal(0, allocated);
        Assert.Equal(keys + 1, timers.EventTimeTimers);
        var counter = new Counter();
        timers.AdvanceWatermark(long.MaxValue, ref counter);
        Assert.Equal(keys + 1, counter.Fired);
    }

    [Fact]
    public void DeletingMostTimers_FiresTheRestInOrder()
    {
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            TimerService<long, TestWindow> timers = TimerServices.Create<long>(InMemoryStateBackend.Instance);
            var model = new TimerModel<long>();
            var pending = new List<(long Key, long Time)>();
            for (int i = 0; i < 10_000; i++)
            {
                long key = random.Next(50);
                long time = random.Next(1_000_000);
                if (timers.RegisterEventTimeTimer(key, KeyHash.Of(key), s_window, time))
                {
                    Assert.True(model.Register(key, s_window, time, TimeDomain.EventTime));
                    pending.Add((key, time));
                }

                if (random.Next(10) < 9)
                {
                    // Delete a random pending timer: mostly deep in the heap, so its entry goes stale.
                    int victim = random.Next(pending.Count);
                    (long k, long t) = pending[victim];
                    pending[victim] = pending[^1];
                    pending.RemoveAt(pending.Count - 1);
                    Assert.True(timers.DeleteEventTimeTimer(k, KeyHash.Of(k), s_window, t));
                    Assert.True(model.Delete(k, s_window, t, TimeDomain.EventTime));
                }

                Assert.Equal(model.NextTime(TimeDomain.EventTime), timers.NextEventTime);
            }

            Assert.Equal(pending.Count, timers.EventTimeTimers);
            var rest = new Recorder<long>([]);
            timers.AdvanceWatermark(long.MaxValue, ref rest);
            Assert.Equal(model.AdvanceWatermark(long.MaxValue, react: false), rest.Fired);
        }, iter: 10);
    }

    private struct Counter : ITimerTarget<long, VoidNamespace>
    {
        public long Fired;

        public void OnTimer(in long key, in VoidNamespace ns, long time, TimeDomain domain) => Fired++;
    }

    private readonly struct Reentrant(TimerService<long, TestWindow> timers) : ITimerTarget<long, TestWindow>
    {
        public void OnTimer(in long key, in TestWindow ns, long time, TimeDomain domain)
        {
            var inner = new Recorder<long>([]);
            timers.AdvanceWatermark(time + 1, ref inner);
        }
    }
}
