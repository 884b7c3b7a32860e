using System.Globalization;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;
using HyperFlow.Timers;

namespace HyperFlow.Runtime.Tests.Timers;

/// <summary>
/// Timers restored with another parallelism: every pending timer fires exactly once, in the subtask
/// that owns its key's key group, in (time, registration) order; timers that fired before the
/// snapshot do not fire again.
/// </summary>
public class TimerRescaleTests
{
    private const int Keys = 300;

    [Theory]
    [InlineData("InMemory", 1, 2)]
    [InlineData("InMemory", 2, 1)]
    [InlineData("InMemory", 3, 4)]
    [InlineData("Faster", 1, 2)]
    [InlineData("Faster", 2, 1)]
    public void LongKeys_RestoredWithAnotherParallelism_FireOnceInTheOwningSubtask(string backend, int from, int to)
        => Rescale(backend, from, to, static k => k);

    [Theory]
    [InlineData("InMemory", 1, 2)]
    [InlineData("InMemory", 2, 1)]
    [InlineData("Faster", 1, 2)]
    [InlineData("Faster", 2, 1)]
    public void StringKeys_RestoredWithAnotherParallelism_FireOnceInTheOwningSubtask(string backend, int from, int to)
        => Rescale(backend, from, to, static k => "user-" + k.ToString(CultureInfo.InvariantCulture));

    private static void Rescale<TKey>(string backendName, int from, int to, Func<long, TKey> keyOf)
        where TKey : notnull
    {
        using var files = new TempDirectory();
        IStateBackend backend = TimerServices.Backend(backendName, files.Path);

        // Before: each key's timers are registered in the subtask that owns it, as the hash exchange routes them.
        var pending = new List<(FiredTimer<TKey> Timer, long Sequence)>();
        var snapshots = new List<byte[]>();
        for (int subtask = 0; subtask < from; subtask++)
        {
            TimerService<TKey, TestWindow> timers = TimerServices.Create<TKey>(backend, subtask, from);
            long sequence = 0;
            for (long k = 0; k < Keys; k++)
            {
                TKey key = keyOf(k);
                if (!TimerServices.Owns(subtask, from, key))
                {
                    continue;
                }

                ulong hash = KeyHash.Of(key);
                var window = new TestWindow(k % 3, (k % 3) + 100);
                foreach (long time in new[] { k % 50, 100 + (k % 50), 200 + (k % 7) })
                {
                    Assert.True(timers.RegisterEventTimeTimer(key, hash, window, time));
                    Assert.False(timers.RegisterEventTimeTimer(key, hash, window, time));
                    pending.Add((new FiredTimer<TKey>(key, window, time, TimeDomain.EventTime), sequence++));
                }

                Assert.True(timers.RegisterProcessingTimeTimer(key, hash, window, 5_000 + (k % 30)));
                pending.Add((new FiredTimer<TKey>(key, window, 5_000 + (k % 30), TimeDomain.ProcessingTime), sequence++));
            }

            var before = new Recorder<TKey>([]);
            timers.AdvanceWatermark(99, ref before);
            Assert.All(before.Fired, f => Assert.True(f.Time <= 99));
            pending.RemoveAll(p => before.Fired.Contains(p.Timer));
            snapshots.Add(TimerServices.Snapshot(timers));
            timers.Store.Dispose();
        }

        // After: each subtask restores from every snapshot and keeps its own key groups' timers.
        var fired = new List<FiredTimer<TKey>>();
        for (int subtask = 0; subtask < to; subtask++)
        {
            TimerService<TKey, TestWindow> timers = TimerServices.Create<TKey>(backend, subtask, to, snapshots);
            try
            {
                var recorder = new Recorder<TKey>([]);
                timers.AdvanceWatermark(long.MaxValue, ref recorder);
                timers.AdvanceProcessingTime(long.MaxValue, ref recorder);
                Assert.All(recorder.Fired, f => Assert.True(TimerServices.Owns(subtask, to, f.Key), $"{f} fired in subtask {subtask} of {to}"));
                int owned = subtask;
                List<FiredTimer<TKey>> expected = [.. pending
                    .Where(p => TimerServices.Owns(owned, to, p.Timer.Key))
                    .OrderBy(p => p.Timer.Domain)
                    .ThenBy(p => p.Timer.Time)
                    .ThenBy(p => p.Sequence)
                    .ThenBy(p => KeyHash.Of(p.Timer.Key))
                    .Select(p => p.Timer)];
                Assert.Equal(expected, recorder.Fired);
                fired.AddRange(recorder.Fired);
            }
            finally
            {
                timers.Store.Dispose();
            }
        }

        Assert.Equal(pending.Count, fired.Count);
        Assert.Equal(fired.Count, fired.Distinct().Count());
        Assert.True(pending.Count > Keys * 2, "most timers were still pending at the snapshot");
    }
}
