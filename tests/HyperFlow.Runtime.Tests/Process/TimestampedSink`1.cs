using System.Collections.Concurrent;

namespace HyperFlow.Runtime.Tests.Process;

/// <summary>
/// A sink for a stream with timestamps: keeps every record with its timestamp and each subtask's
/// watermarks, and notes every record that arrived after a watermark at or past its timestamp (a late
/// record: the watermark promised there would be none).
/// </summary>
public sealed class TimestampedSink<T> : ISink<T>
{
    private readonly ConcurrentQueue<(T Value, long Timestamp)> _records = new();
    private readonly ConcurrentQueue<string> _late = new();
    private readonly ConcurrentDictionary<int, ConcurrentQueue<long>> _watermarks = new();

    public IReadOnlyList<(T Value, long Timestamp)> Records => [.. _records];

    public IReadOnlyList<string> LateRecords => [.. _late];

    public IReadOnlyList<long> WatermarksOf(int subtask) => [.. _watermarks.GetOrAdd(subtask, static _ => new())];

    public ISinkWriter<T> CreateWriter(int subtask, int parallelism) => new Writer(this, subtask, _watermarks.GetOrAdd(subtask, static _ => new()));

    private sealed class Writer(TimestampedSink<T> owner, int subtask, ConcurrentQueue<long> watermarks) : ITimestampedSinkWriter<T>
    {
        private long _watermark = long.MinValue;

        public void Write(ReadOnlySpan<T> batch) => throw new InvalidOperationException("a stream with timestamps must write them");

        public void Write(ReadOnlySpan<T> batch, ReadOnlySpan<long> timestamps)
        {
            for (int i = 0; i < batch.Length; i++)
            {
                owner._records.Enqueue((batch[i], timestamps[i]));
                if (timestamps[i] <= _watermark)
                {
                    owner._late.Enqueue($"{batch[i]} at {timestamps[i]} after watermark {_watermark} in subtask {subtask}");
                }
            }
        }

        public void WriteWatermark(long watermark)
        {
            _watermark = watermark;
            watermarks.Enqueue(watermark);
        }

        public void Complete()
        {
        }
    }
}
