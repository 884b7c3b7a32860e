using CsCheck;
using HyperFlow.Runtime.Time;

namespace HyperFlow.Runtime.Tests.Time;

/// <summary>
/// The watermarks of one source subtask over several partitions, driven batch by batch as the source
/// chain drives them, against a plain model: the watermark is the running maximum of the minimum over
/// the partitions that are not idle, and a partition is idle once a check finds it silent for the timeout.
/// </summary>
public class SourceWatermarksTests
{
    private const long Bound = 5;

    [Fact]
    public void RandomBatchesAndIdleChecks_MatchModel()
    {
        Gen<Step> step = Gen.Frequency(
            (3, Gen.Select(Gen.Int[0, 3], Gen.Long[0, 1_000].Array[1, 8], Gen.Long[0, 40]).Select(t => new Step(t.Item1, t.Item2, t.Item3))),
            (1, Gen.Long[0, 120].Select(advance => new Step(-1, [], advance))));
        Gen.Select(Gen.Int[1, 3], Gen.Long[0, 100], step.Array[1, 40])
            .Sample((partitions, idleTimeout, steps) =>
            {
                long now = 1_000;
                var watermarks = new SourceWatermarks<long, BoundedOutOfOrdernessWatermarks<long>>(new(Bound), partitions, idleTimeout, now);
                var model = new Model(partitions, idleTimeout, now);
                foreach (Step s in steps)
                {
                    now += s.Advance;
                    WatermarkChange change;
                    if (s.Partition < 0)
                    {
                        // The slot checks when the subtask says a partition may have gone idle: never later than the model.
                        Assert.True(watermarks.NextIdleCheck <= model.NextCheck, $"next idle check {watermarks.NextIdleCheck} is after {model.NextCheck}");
                        change = now >= watermarks.NextIdleCheck ? watermarks.CheckIdle(now) : WatermarkChange.None;
                        model.Check(now);
                    }
                    else
                    {
                        watermarks.BeginBatch(s.Partition, partitions, now);
                        foreach (long t in s.Timestamps)
                        {
                            watermarks.OnEvent(t, t);
                        }

                        change = watermarks.EndBatch();
                        model.Batch(s.Partition, s.Timestamps, now);
                    }

                    (long expected, bool idle) = model.Merge();
                    Assert.Equal(expected, watermarks.Watermark);
                    Assert.Equal(idle, watermarks.IsIdle);
                    Assert.Equal(model.LastChange, change);
                }
            });
    }

    [Fact]
    public void SilentPartition_HoldsWatermarkBackUntilIdleTimeout()
    {
        var watermarks = new SourceWatermarks<long, BoundedOutOfOrdernessWatermarks<long>>(new(Bound), 2, 100, 0);
        watermarks.BeginBatch(0, 2, 10);
        watermarks.OnEvent(500, 500);
        Assert.Equal(WatermarkChange.None, watermarks.EndBatch());
        Assert.Equal(long.MinValue, watermarks.Watermark);

        // Partition 1 has been silent since the start (0): idle at 100, then partition 0 alone counts.
        Assert.Equal(100, watermarks.NextIdleCheck);
        Assert.Equal(WatermarkChange.Advanced, watermarks.CheckIdle(100));
        Assert.Equal(500 - Bound - 1, watermarks.Watermark);
        Assert.Equal(110, watermarks.NextIdleCheck);

        // Partition 0 silent too: the subtask is idle; its watermark stays.
        Assert.Equal(WatermarkChange.Idle, watermarks.CheckIdle(110));
        Assert.True(watermarks.IsIdle);
        Assert.Equal(long.MaxValue, watermarks.NextIdleCheck);

        // Partition 1 wakes up behind the watermark: active again, the watermark does not go back.
        watermarks.BeginBatch(1, 2, 200);
        watermarks.OnEvent(300, 300);
        Assert.Equal(WatermarkChange.Active, watermarks.EndBatch());
        Assert.Equal(500 - Bound - 1, watermarks.Watermark);
        Assert.Equal(300, watermarks.NextIdleCheck);
    }

    [Fact]
    public void NoIdleTimeout_SilentPartitionHoldsWatermarkBackForever()
    {
        var watermarks = new SourceWatermarks<long, BoundedOutOfOrdernessWatermarks<long>>(new(Bound), 2, 0, 0);
        watermarks.BeginBatch(0, 2, 0);
        watermarks.OnEvent(500, 500);
        watermarks.EndBatch();
        Assert.Equal(long.MaxValue, watermarks.NextIdleCheck);
        Assert.Equal(long.MinValue, watermarks.Watermark);
    }

    [Fact]
    public void NewPartition_HoldsWatermarkBackFromWhenItIsReported()
    {
        var watermarks = new SourceWatermarks<long, BoundedOutOfOrdernessWatermarks<long>>(new(Bound), 1, 0, 0);
        watermarks.BeginBatch(0, 1, 0);
        watermarks.OnEvent(100, 100);
        Assert.Equal(WatermarkChange.Advanced, watermarks.EndBatch());

        // The reader now reads a second partition that has delivered nothing: it starts from its own generator.
        watermarks.BeginBatch(0, 2, 0);
        watermarks.OnEvent(200, 200);
        Assert.Equal(WatermarkChange.None, watermarks.EndBatch());
        Assert.Equal(2, watermarks.PartitionCount);

        watermarks.BeginBatch(1, 2, 0);
        watermarks.OnEvent(150, 150);
        Assert.Equal(WatermarkChange.Advanced, watermarks.EndBatch());
        Assert.Equal(150 - Bound - 1, watermarks.Watermark);
    }

    [Fact]
    public void NoPartitions_IdleAtFirstCheck()
    {
        var watermarks = new SourceWatermarks<long, BoundedOutOfOrdernessWatermarks<long>>(new(Bound), 0, 0, 50);
        Assert.Equal(long.MinValue, watermarks.NextIdleCheck);
        Assert.Equal(WatermarkChange.Idle, watermarks.CheckIdle(50));
        Assert.Equal(long.MaxValue, watermarks.NextIdleCheck);
    }

    [Fact]
    public void GeneratorMarkedIdle_PartitionLeftOut()
    {
        var watermarks = new SourceWatermarks<long, IdleBelowZero>(default, 2, 0, 0);
        watermarks.BeginBatch(0, 2, 0);
        watermarks.OnEvent(-1, 7);
        Assert.Equal(WatermarkChange.None, watermarks.EndBatch());
        watermarks.BeginBatch(1, 2, 0);
        watermarks.OnEvent(1, 9);
        Assert.Equal(WatermarkChange.Advanced, watermarks.EndBatch());
        Assert.Equal(9, watermarks.Watermark);
    }

    [Fact]
    public void NegativePartition_Throws()
    {
        var watermarks = new SourceWatermarks<long, BoundedOutOfOrdernessWatermarks<long>>(new(Bound), 1, 0, 0);
        Assert.Throws<InvalidOperationException>(() => watermarks.BeginBatch(-1, 1, 0));
    }

    /// <summary>Marks its partition idle on a negative event, else emits the timestamp as the watermark.</summary>
    private struct IdleBelowZero : IWatermarkGenerator<long>
    {
        private bool _idle;
        private long _last;

        public void OnEvent(in long value, long timestamp, ref WatermarkOutput output)
        {
            _idle = value < 0;
            _last = timestamp;
        }

        public readonly void OnPeriodicEmit(ref WatermarkOutput output)
        {
            if (_idle)
            {
                output.MarkIdle();
            }
            else
            {
                output.EmitWatermark(_last);
            }
        }
    }

    private sealed record Step(int Partition, long[] Timestamps, long Advance);

    private sealed class Model(int partitions, long idleTimeout, long start)
    {
        private readonly List<long?> _max = [.. Enumerable.Repeat<long?>(null, partitions)];
        private readonly List<long> _lastEvent = [.. Enumerable.Repeat(start, partitions)];
        private readonly List<bool> _timedOut = [.. Enumerable.Repeat(false, partitions)];
        private long _watermark = long.MinValue;
        private bool _idle;

        public WatermarkChange LastChange { get; private set; }

        public long NextCheck => idleTimeout == 0 ? long.MaxValue
            : Enumerable.Range(0, _max.Count).Where(p => !_timedOut[p]).Select(p => _lastEvent[p] + idleTimeout).DefaultIfEmpty(long.MaxValue).Min();

        public void Batch(int partition, long[] timestamps, long now)
        {
            while (_max.Count < Math.Max(partitions, partition + 1))
            {
                _max.Add(null);
                _lastEvent.Add(now);
                _timedOut.Add(false);
            }

            _max[partition] = Math.Max(_max[partition] ?? long.MinValue, timestamps.Max());
            _lastEvent[partition] = now;
            _timedOut[partition] = false;
            LastChange = Update();
        }

        public void Check(long now)
        {
            for (int p = 0; p < _max.Count; p++)
            {
                _timedOut[p] |= idleTimeout > 0 && now - _lastEvent[p] >= idleTimeout;
            }

            LastChange = Update();
        }

        public (long Watermark, bool Idle) Merge() => (_watermark, _idle);

        private WatermarkChange Update()
        {
            long[] active = [.. Enumerable.Range(0, _max.Count).Where(p => !_timedOut[p]).Select(p => _max[p] is { } m ? m - Bound - 1 : long.MinValue)];
            if (active.Length == 0)
            {
                bool became = !_idle;
                _idle = true;
                return became ? WatermarkChange.Idle : WatermarkChange.None;
            }

            WatermarkChange change = _idle ? WatermarkChange.Active : WatermarkChange.None;
            _idle = false;
            if (active.Min() > _watermark)
            {
                _watermark = active.Min();
                change |= WatermarkChange.Advanced;
            }

            return change;
        }
    }
}
