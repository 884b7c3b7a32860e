using System.Collections.Concurrent;
using HyperFlow.Runtime.Tests.Time;

namespace HyperFlow.Runtime.Tests.Jobs;

/// <summary>
/// A generated job with timestamps on the real engine: two source subtasks, each reading two partitions
/// of which one stays silent. The silent partitions hold the watermark back until their idle timeout
/// passes on the hand-moved clock; then the watermark at every sink subtask is the minimum over the
/// source subtasks of their busy partition's watermark.
/// </summary>
public class EventTimeTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task SilentPartition_HoldsWatermarkBackUntilIdle_ThenJobMovesOn()
    {
        var clock = new ManualClock();
        var source = new TwoPartitionSource();
        var sink = new EventTimeSink();
        Task<JobResult> run = new JobHost(EventTimeJob.Definition, new JobOptions { Parallelism = 2, TimeProvider = clock })
            .BindSource("readings", source)
            .BindSink("maxima", sink)
            .RunAsync();

        // Subtask s's busy partition delivers readings up to 100 + s, then, 600 ms later, up to 200 + s.
        source.Feed(0, [new(1, 5, 90), new(2, 7, 100)]);
        source.Feed(1, [new(3, 1, 101)]);
        Assert.True(SpinWait.SpinUntil(() => sink.Records.Count == 3, s_generous), "the first readings did not arrive");
        clock.Advance(TimeSpan.FromMilliseconds(600));
        source.Feed(0, [new(1, 9, 200)]);
        source.Feed(1, [new(3, 4, 195), new(3, 2, 201)]);
        Assert.True(SpinWait.SpinUntil(() => sink.Records.Count == 6, s_generous), "the second readings did not arrive");
        Assert.Empty(sink.Watermarks);

        // The silent partitions reach their timeout (1 s after the start); the busy ones do not (400 ms).
        clock.Advance(TimeSpan.FromMilliseconds(400));
        long expected = 200 - EventTimeJob.MaxOutOfOrderMs - 1;
        Assert.True(SpinWait.SpinUntil(() => sink.WatermarksOf(0).Count > 0 && sink.WatermarksOf(1).Count > 0, s_generous), "no watermark after the idle timeout");
        Assert.Equal(expected, sink.WatermarksOf(0)[0]);
        Assert.Equal(expected, sink.WatermarksOf(1)[0]);

        source.Finish();
        await run.WaitAsync(s_generous);
        for (int subtask = 0; subtask < 2; subtask++)
        {
            // The source subtask that ends first no longer holds back: the other's watermark (190) may show before the end's.
            IReadOnlyList<long> watermarks = sink.WatermarksOf(subtask);
            Assert.Equal(expected, watermarks[0]);
            Assert.Equal(long.MaxValue, watermarks[^1]);
            Assert.Subset(new HashSet<long> { expected, 190, long.MaxValue }, watermarks.ToHashSet());
            Assert.Equal(watermarks.Order(), watermarks);
        }
        // Every record carries its reading's timestamp through the key-by and the reduce.
        Assert.Equal(
            [(1L, 90L), (1L, 200L), (2L, 100L), (3L, 101L), (3L, 195L), (3L, 201L)],
            sink.Records.Select(r => (r.Value.Sensor, r.Timestamp)).Order());
    }

    /// <summary>Per subtask two partitions: 0 delivers what the test feeds, 1 never delivers.</summary>
    private sealed class TwoPartitionSource : ISource<Reading>
    {
        private readonly ConcurrentQueue<Reading>[] _queues = [new(), new()];
        private volatile bool _finished;

        public void Feed(int subtask, Reading[] readings)
        {
            foreach (Reading r in readings)
            {
                _queues[subtask].Enqueue(r);
            }
        }

        public void Finish() => _finished = true;

        public ISourceReader<Reading> CreateReader(int subtask, int parallelism) => new Reader(this, _queues[subtask]);

        private sealed class Reader(TwoPartitionSource owner, ConcurrentQueue<Reading> queue) : IPartitionedSourceReader<Reading>
        {
            public bool IsFinished => owner._finished && queue.IsEmpty;

            public int PartitionCount => 2;

            public int CurrentPartition => 0;

            public int Read(Span<Reading> buffer)
            {
                int n = 0;
                while (n < buffer.Length && queue.TryDequeue(out Reading r))
                {
                    buffer[n++] = r;
                }

                return n;
            }
        }
    }

    private sealed class EventTimeSink : ISink<Reading>
    {
        private readonly ConcurrentQueue<Timestamped<Reading>> _records = new();
        private readonly ConcurrentDictionary<int, ConcurrentQueue<long>> _watermarks = new();

        public IReadOnlyList<Timestamped<Reading>> Records => [.. _records];

        public IEnumerable<long> Watermarks => _watermarks.Values.SelectMany(static w => w);

        public IReadOnlyList<long> WatermarksOf(int subtask) => [.. _watermarks.GetOrAdd(subtask, static _ => new())];

        public ISinkWriter<Reading> CreateWriter(int subtask, int parallelism) => new Writer(this, _watermarks.GetOrAdd(subtask, static _ => new()));

        private sealed class Writer(EventTimeSink owner, ConcurrentQueue<long> watermarks) : ITimestampedSinkWriter<Reading>
        {
            public void Write(ReadOnlySpan<Reading> batch) => throw new InvalidOperationException("a stream with timestamps must write them");

            public void Write(ReadOnlySpan<Reading> batch, ReadOnlySpan<long> timestamps)
            {
                for (int i = 0; i < batch.Length; i++)
                {
                    owner._records.Enqueue(new Timestamped<Reading>(batch[i], timestamps[i]));
                }
            }

            public void WriteWatermark(long watermark) => watermarks.Enqueue(watermark);

            public void Complete()
            {
            }
        }
    }
}
