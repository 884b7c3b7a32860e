using System.Collections.Concurrent;
using HyperFlow.Windows;

namespace HyperFlow.EndToEnd.Tests.Windows;

/// <summary>Counts window results and, when asked to, keeps them (keeping allocates; counting does not).</summary>
internal sealed class SumSink(bool keep) : ISink<WindowResult<long, long>>
{
    private readonly bool _keep = keep;
    private readonly ConcurrentBag<WindowResult<long, long>> _results = [];
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public IEnumerable<WindowResult<long, long>> Results => _results;

    public ISinkWriter<WindowResult<long, long>> CreateWriter(int subtask, int parallelism) => new Writer(this);

    private sealed class Writer(SumSink sink) : ISinkWriter<WindowResult<long, long>>
    {
        public void Write(ReadOnlySpan<WindowResult<long, long>> batch)
        {
            Interlocked.Add(ref sink._count, batch.Length);
            if (sink._keep)
            {
                foreach (WindowResult<long, long> result in batch)
                {
                    sink._results.Add(result);
                }
            }
        }

        public void Complete()
        {
        }
    }
}
