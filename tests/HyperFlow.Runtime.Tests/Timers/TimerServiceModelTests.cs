using System.Globalization;
using CsCheck;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;
using HyperFlow.Timers;

namespace HyperFlow.Runtime.Tests.Timers;

/// <summary>
/// Model-based tests: random sequences of registering and deleting timers in both domains, advancing
/// the watermark (by steps, by jumps, and backwards) and the clock, with targets that register and
/// delete timers while they fire, and snapshot-and-restore in the middle, against <see cref="TimerModel{TKey}"/>.
/// </summary>
public class TimerServiceModelTests
{
    [Fact]
    public void RandomOperations_InMemoryLongKeys_MatchModel() => Run("InMemory", static k => k, samples: 200);

    [Fact]
    public void RandomOperations_InMemoryStringKeys_MatchModel() => Run("InMemory", static k => "sensor-" + k.ToString(CultureInfo.InvariantCulture), samples: 100);

    // A FASTER snapshot scans the log (tens of ms): fewer samples keep the test short.
    [Fact]
    public void RandomOperations_FasterLongKeys_MatchModel() => Run("Faster", static k => k, samples: 20);

    // FASTER keeps keys with references as their snapshot bytes: the timer key serializer's.
    [Fact]
    public void RandomOperations_FasterStringKeys_MatchModel() => Run("Faster", static k => "sensor-" + k.ToString(CultureInfo.InvariantCulture), samples: 10);

    private static void Run<TKey>(string backendName, Func<long, TKey> keyOf, int samples)
        where TKey : notnull
    {
        Gen<(int Op, long Key, int Window, long Arg)> operation = Gen.Select(Gen.Int[0, 11], Gen.Long[0, 7], Gen.Int[0, 2], Gen.Long[-20, 100]);
        operation.Array[1, 250].Sample(ops =>
        {
            using var files = new TempDirectory();
            IStateBackend backend = TimerServices.Backend(backendName, files.Path);
            TimerService<TKey, TestWindow> service = TimerServices.Create<TKey>(backend);
            var model = new TimerModel<TKey>();
            try
            {
                // The upstream watermark and clock only move forward; the service's watermark restarts
                // at long.MinValue after a restore, as in Flink.
                long upstream = 0;
                long clock = 1_000;
                foreach ((int op, long k, int w, long arg) in ops)
                {
                    TKey key = keyOf(k);
                    ulong hash = KeyHash.Of(key);
                    var window = new TestWindow(w * 10, (w * 10) + 10);
                    switch (op)
                    {
                        case 0 or 1:
                            Assert.Equal(model.Register(key, window, upstream + arg, TimeDomain.EventTime), service.RegisterEventTimeTimer(key, hash, window, upstream + arg));
                            break;
                        case 2:
                            Assert.Equal(model.Register(key, window, clock + arg, TimeDomain.ProcessingTime), service.RegisterProcessingTimeTimer(key, hash, window, clock + arg));
                            break;
                        case 3 or 4:
                            TimeDomain domain = op == 3 ? TimeDomain.EventTime : TimeDomain.ProcessingTime;
                            IReadOnlyList<FiredTimer<TKey>> pending = model.Pending(domain);
                            // Mostly a pending timer; otherwise one that (usually) is not.
                            FiredTimer<TKey> victim = pending.Count > 0 && arg >= 0
                                ? pending[(int)(arg % pending.Count)]
                                : new FiredTimer<TKey>(key, window, upstream + arg, domain);
                            ulong victimHash = KeyHash.Of(victim.Key);
                            Assert.Equal(
                                model.Delete(victim.Key, victim.Window, victim.Time, domain),
                                domain == TimeDomain.EventTime
                                    ? service.DeleteEventTimeTimer(victim.Key, victimHash, victim.Window, victim.Time)
                                    : service.DeleteProcessingTimeTimer(victim.Key, victimHash, victim.Window, victim.Time));
                            break;
                        case 5 or 6:
                            // A step, sometimes below the current watermark (which then stays).
                            bool react = op == 6;
                            long watermark = upstream + (arg / 2);
                            upstream = Math.Max(upstream, watermark);
                            AssertFired(model.AdvanceWatermark(watermark, react), service, r => service.AdvanceWatermark(watermark, ref r), react);
                            break;
                        case 7:
                            // A jump over many timers' times at once.
                            upstream += Math.Abs(arg) * 10;
                            AssertFired(model.AdvanceWatermark(upstream, react: true), service, r => service.AdvanceWatermark(upstream, ref r), react: true);
                            break;
                        case 8 or 9:
                            clock += Math.Abs(arg);
                            AssertFired(model.AdvanceProcessingTime(clock, op == 9), service, r => service.AdvanceProcessingTime(clock, ref r), op == 9);
                            break;
                        default:
                            byte[] snapshot = TimerServices.Snapshot(service);
                            service.Store.Dispose();
                            service = TimerServices.Create<TKey>(backend, restoreFrom: [snapshot]);
                            model.Restored();
                            break;
                    }

                    Assert.Equal(model.Watermark, service.CurrentWatermark);
                    Assert.Equal(model.Count(TimeDomain.EventTime), service.EventTimeTimers);
                    Assert.Equal(model.Count(TimeDomain.ProcessingTime), service.ProcessingTimeTimers);
                    Assert.Equal(model.NextTime(TimeDomain.EventTime), service.NextEventTime);
                    Assert.Equal(model.NextTime(TimeDomain.ProcessingTime), service.NextProcessingTime);
                }

                // Everything left fires, in the model's order, after a last restore.
                byte[] last = TimerServices.Snapshot(service);
                service.Store.Dispose();
                service = TimerServices.Create<TKey>(backend, restoreFrom: [last]);
                model.Restored();
                Assert.Equal(model.Count(TimeDomain.EventTime) + model.Count(TimeDomain.ProcessingTime), service.Store.Statistics.Entries);
                AssertFired(model.AdvanceWatermark(long.MaxValue, react: false), service, r => service.AdvanceWatermark(long.MaxValue, ref r), react: false);
                AssertFired(model.AdvanceProcessingTime(long.MaxValue, react: false), service, r => service.AdvanceProcessingTime(long.MaxValue, ref r), react: false);
                Assert.Equal(0, service.Store.Statistics.Entries);
            }
            finally
            {
                service.Store.Dispose();
            }
        }, iter: samples);
    }

    private static void AssertFired<TKey>(List<FiredTimer<TKey>> expected, TimerService<TKey, TestWindow> service, Func<Recorder<TKey>, int> advance, bool react)
        where TKey : notnull
    {
        var recorder = new Recorder<TKey>([], react ? service : null);
        int count = advance(recorder);
        Assert.Equal(expected, recorder.Fired);
        Assert.Equal(expected.Count, count);
    }
}
