using System.Collections.Concurrent;

namespace HyperFlow.Runtime.Tests.Process;

/// <summary>A sink that keeps every record in arrival order, safe to read while the job runs.</summary>
public sealed class QueueSink<T> : ISink<T>
{
    private readonly ConcurrentQueue<T> _records = new();

    public IReadOnlyList<T> Records => [.. _records];

    public ISinkWriter<T> CreateWriter(int subtask, int parallelism) => new Writer(_records);

    private sealed class Writer(ConcurrentQueue<T> records) : ISinkWriter<T>
    {
        public void Write(ReadOnlySpan<T> batch)
        {
            foreach (T record in batch)
            {
                records.Enqueue(record);
            }
        }

        public void Complete()
        {
        }
    }
}
