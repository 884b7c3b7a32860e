using System.Buffers.Binary;

namespace HyperFlow.Runtime.Tests.Checkpoints;

/// <summary>
/// A rewindable source over an array: subtask s of p reads the items at indexes ≡ s (mod p), in order; its
/// position is the next index. It restores at the parallelism it was checkpointed with. A read that would
/// return one of the items <see cref="FailOnceAt"/> names throws, once per item.
/// </summary>
public sealed class ReplayableArraySource<T>(T[] items) : ICheckpointedSource<T>
{
    private readonly T[] _items = items;
    private readonly Lock _lock = new();
    private readonly HashSet<int> _failAt = [];
    private int _readersCreated;

    /// <summary>How many reads threw.</summary>
    public int Failures { get; private set; }

    /// <summary>How many readers were created: one per subtask per attempt.</summary>
    public int ReadersCreated => Volatile.Read(ref _readersCreated);

    public void FailOnceAt(int index)
    {
        lock (_lock)
        {
            _failAt.Add(index);
        }
    }

    public ISourceReader<T> CreateReader(int subtask, int parallelism) => CreateReader(subtask, parallelism, []);

    public ICheckpointedSourceReader<T> CreateReader(int subtask, int parallelism, IReadOnlyList<ReadOnlyMemory<byte>> restoredPositions)
    {
        if (restoredPositions.Count is not 0 && restoredPositions.Count != parallelism)
        {
            throw new InvalidOperationException($"The test source restores at the parallelism it was checkpointed with ({restoredPositions.Count}), not {parallelism}.");
        }

        Interlocked.Increment(ref _readersCreated);
        long next = restoredPositions.Count == 0 ? subtask : BinaryPrimitives.ReadInt64LittleEndian(restoredPositions[subtask].Span);
        return new Reader(this, next, parallelism);
    }

    private bool ShouldFail(long index)
    {
        lock (_lock)
        {
            if (_failAt.Count == 0 || !_failAt.Remove((int)index))
            {
                return false;
            }

            Failures++;
            return true;
        }
    }

    private sealed class Reader(ReplayableArraySource<T> source, long next, int parallelism) : ICheckpointedSourceReader<T>
    {
        private long _next = next;

        public bool IsFinished => _next >= source._items.Length;

        public int Read(Span<T> buffer)
        {
            int n = 0;
            while (n < buffer.Length && _next < source._items.Length)
            {
                if (source.ShouldFail(_next))
                {
                    throw new IOException($"injected failure before item {_next}");
                }

                buffer[n++] = source._items[_next];
                _next += parallelism;
            }

            return n;
        }

        public byte[] SnapshotPosition(long checkpointId)
        {
            byte[] position = new byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(position, _next);
            return position;
        }
    }
}
