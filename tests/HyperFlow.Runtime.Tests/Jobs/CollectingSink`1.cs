using System.Collections.Concurrent;

namespace HyperFlow.Runtime.Tests.Jobs;

/// <summary>A sink that keeps every event, per subtask in arrival order, and records completion.</summary>
public sealed class CollectingSink<T> : ISink<T>
{
    private readonly ConcurrentDictionary<int, List<T>> _bySubtask = new();
    private int _completed;

    public IReadOnlyDictionary<int, List<T>> BySubtask => _bySubtask;

    public int CompletedWriters => Volatile.Read(ref _completed);

    public IEnumerable<T> All => _bySubtask.Values.SelectMany(static v => v);

    public ISinkWriter<T> CreateWriter(int subtask, int parallelism) => new Writer(this, _bySubtask.GetOrAdd(subtask, static _ => []));

    private sealed class Writer(CollectingSink<T> owner, List<T> events) : ISinkWriter<T>
    {
        public void Write(ReadOnlySpan<T> batch) => events.AddRange(batch);

        public void Complete() => Interlocked.Increment(ref owner._completed);
    }
}
