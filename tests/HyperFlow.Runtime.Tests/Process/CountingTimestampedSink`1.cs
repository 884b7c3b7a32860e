namespace HyperFlow.Runtime.Tests.Process;

/// <summary>A sink for a stream with timestamps that only counts records and watermarks: no allocation per batch.</summary>
public sealed class CountingTimestampedSink<T> : ISink<T>
{
    private long _count;
    private long _watermarks;

    public long Count => Interlocked.Read(ref _count);

    public long Watermarks => Interlocked.Read(ref _watermarks);

    public ISinkWriter<T> CreateWriter(int subtask, int parallelism) => new Writer(this);

    private sealed class Writer(CountingTimestampedSink<T> owner) : ITimestampedSinkWriter<T>
    {
        public void Write(ReadOnlySpan<T> batch) => throw new InvalidOperationException("a stream with timestamps must write them");

        public void Write(ReadOnlySpan<T> batch, ReadOnlySpan<long> timestamps) => Interlocked.Add(ref owner._count, batch.Length);

        public void WriteWatermark(long watermark) => Interlocked.Increment(ref owner._watermarks);

        public void Complete()
        {
        }
    }
}
