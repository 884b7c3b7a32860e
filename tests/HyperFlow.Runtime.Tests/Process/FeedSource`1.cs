using System.Collections.Concurrent;

namespace HyperFlow.Runtime.Tests.Process;

/// <summary>A source that delivers what the test feeds to each subtask, until the test finishes it.</summary>
public sealed class FeedSource<T>(int parallelism) : ISource<T>
{
    private readonly ConcurrentQueue<T>[] _queues = [.. Enumerable.Range(0, parallelism).Select(_ => new ConcurrentQueue<T>())];
    private volatile bool _finished;

    public void Feed(int subtask, T item) => _queues[subtask].Enqueue(item);

    public void Finish() => _finished = true;

    public ISourceReader<T> CreateReader(int subtask, int parallelism) => new Reader(this, _queues[subtask]);

    private sealed class Reader(FeedSource<T> owner, ConcurrentQueue<T> queue) : ISourceReader<T>
    {
        public bool IsFinished => owner._finished && queue.IsEmpty;

        public int Read(Span<T> buffer)
        {
            int n = 0;
            while (n < buffer.Length && queue.TryDequeue(out T? item))
            {
                buffer[n++] = item;
            }

            return n;
        }
    }
}
