namespace HyperFlow.Runtime.Tests.Jobs;

/// <summary>
/// A sink that only counts what it receives (no allocation per batch); one subtask can spin per batch
/// to play a slow downstream system.
/// </summary>
public sealed class CountingSink(int spinPerBatch = 0, int slowSubtask = -1) : ISink<KeyedValue<long, long>>
{
    private long _count;
    private long _completed;

    public long Count => Interlocked.Read(ref _count);

    public long Completed => Interlocked.Read(ref _completed);

    public ISinkWriter<KeyedValue<long, long>> CreateWriter(int subtask, int parallelism) => new Writer(this, subtask == slowSubtask ? spinPerBatch : 0);

    private sealed class Writer(CountingSink owner, int spin) : ISinkWriter<KeyedValue<long, long>>
    {
        public void Write(ReadOnlySpan<KeyedValue<long, long>> batch)
        {
            if (spin > 0)
            {
                Thread.SpinWait(spin);
            }

            Interlocked.Add(ref owner._count, batch.Length);
        }

        public void Complete() => Interlocked.Increment(ref owner._completed);
    }
}
