using System.Buffers.Binary;

namespace HyperFlow.Runtime.Tests.Checkpoints;

/// <summary>
/// A rewindable source of <c>partitions</c> partitions of <c>perPartition</c> numbers each (item o of
/// partition q is <c>q * 1_000_000 + o</c>); subtask i of p reads the partitions q with q mod p = i, in turn.
/// Its position is the next offset of each partition it reads, so a restore at another parallelism finds
/// each partition's offset whichever subtask read it. A test can hold the readers at a number of events
/// (<see cref="Hold"/>, <see cref="WhenHeld"/>, <see cref="Release"/>) and make one read throw once
/// (<see cref="FailOnceAt"/>), at as many points as it likes.
/// </summary>
public sealed class PartitionedSource(int partitions, int perPartition) : ICheckpointedSource<long>
{
    private readonly int _partitionCount = partitions;
    private readonly int _perPartition = perPartition;
    private readonly Lock _lock = new();
    private long _limit = long.MaxValue;
    private int _held;
    private int _slowSubtask = -1;
    private TimeSpan _slowPerRead;
    private int _readers;
    private TaskCompletionSource _allHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<(int Partition, int Offset)> _failAt = [];

    /// <summary>
    /// Makes the reader of one subtask slow: each read busy-waits <paramref name="perRead"/> first, so its
    /// barriers reach a two-input chain long after the other reader's (skewed inputs for alignment).
    /// </summary>
    public void SlowDown(int subtask, TimeSpan perRead)
    {
        _slowSubtask = subtask;
        _slowPerRead = perRead;
    }

    /// <summary>How many times a read threw because of <see cref="FailOnceAt"/>.</summary>
    public int Failures { get; private set; }

    public static long Item(int partition, int offset) => (partition * 1_000_000L) + offset;

    /// <summary>The items in the order one subtask reads them all (parallelism 1, from the start).</summary>
    public IEnumerable<long> InOrder() => ItemsOf(0, 1, int.MaxValue);

    /// <summary>The first <paramref name="count"/> items subtask <paramref name="subtask"/> of <paramref name="parallelism"/> reads from the start.</summary>
    public IEnumerable<long> ItemsOf(int subtask, int parallelism, int count)
    {
        var reader = new Reader(this, subtask, parallelism, []);
        var buffer = new long[97];
        int n;
        while (count > 0 && (n = reader.ReadUnchecked(buffer.AsSpan(0, Math.Min(buffer.Length, count)))) > 0)
        {
            count -= n;
            for (int i = 0; i < n; i++)
            {
                yield return buffer[i];
            }
        }
    }

    /// <summary>Stops each reader of the next run once it has read <paramref name="events"/> events; <see cref="WhenHeld"/> completes when all stand still.</summary>
    public void Hold(long events)
    {
        lock (_lock)
        {
            _limit = events;
            _held = 0;
            _allHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Completes once every reader has reached the hold.</summary>
    public Task WhenHeld => _allHeld.Task;

    /// <summary>Lets the readers go on to the end.</summary>
    public void Release() => Volatile.Write(ref _limit, long.MaxValue);

    /// <summary>The next read that would return item <paramref name="offset"/> of <paramref name="partition"/> throws, once (several such points may be set).</summary>
    public void FailOnceAt(int partition, int offset)
    {
        lock (_lock)
        {
            _failAt.Add((partition, offset));
        }
    }

    public ISourceReader<long> CreateReader(int subtask, int parallelism) => CreateReader(subtask, parallelism, []);

    public ICheckpointedSourceReader<long> CreateReader(int subtask, int parallelism, IReadOnlyList<ReadOnlyMemory<byte>> restoredPositions)
    {
        lock (_lock)
        {
            _readers = parallelism;
        }

        return new Reader(this, subtask, parallelism, restoredPositions) { PerRead = subtask == _slowSubtask ? _slowPerRead : TimeSpan.Zero };
    }

    private bool ShouldFail(int partition, int offset)
    {
        lock (_lock)
        {
            if (_failAt.Count == 0 || !_failAt.Remove((partition, offset)))
            {
                return false;
            }

            Failures++;
            return true;
        }
    }

    private void ReachedHold()
    {
        lock (_lock)
        {
            if (++_held == _readers)
            {
                _allHeld.TrySetResult();
            }
        }
    }

    private sealed class Reader : ICheckpointedSourceReader<long>
    {
        private readonly PartitionedSource _source;
        private readonly int[] _partitions;
        private readonly int[] _offsets;
        private long _read;
        private long _heldAt = -1;

        public Reader(PartitionedSource source, int subtask, int parallelism, IReadOnlyList<ReadOnlyMemory<byte>> restored)
        {
            _source = source;
            _partitions = [.. Enumerable.Range(0, source._partitionCount).Where(q => q % parallelism == subtask)];
            _offsets = new int[_partitions.Length];
            // Each old position lists (partition, next offset) pairs; keep those of the partitions read here now.
            foreach (ReadOnlyMemory<byte> position in restored)
            {
                ReadOnlySpan<byte> bytes = position.Span;
                for (int at = 0; at < bytes.Length; at += 8)
                {
                    int partition = BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
                    int index = Array.IndexOf(_partitions, partition);
                    if (index >= 0)
                    {
                        _offsets[index] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(at + 4)..]);
                    }
                }
            }
        }

        public bool IsFinished => _offsets.All(o => o >= _source._perPartition);

        public TimeSpan PerRead { get; init; }

        public int Read(Span<long> buffer)
        {
            long limit = Volatile.Read(ref _source._limit);
            long room = limit - _read;
            if (room <= 0)
            {
                if (_heldAt != limit)
                {
                    _heldAt = limit;
                    _source.ReachedHold();
                }

                return 0;
            }

            if (PerRead > TimeSpan.Zero)
            {
                // Simulated work of a slow source, not a wait for another thread.
                long until = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(PerRead.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
                while (System.Diagnostics.Stopwatch.GetTimestamp() < until)
                {
                    Thread.SpinWait(20);
                }
            }

            int n = ReadUnchecked(buffer[..(int)Math.Min(buffer.Length, room)]);
            _read += n;
            return n;
        }

        public byte[] SnapshotPosition(long checkpointId)
        {
            byte[] bytes = new byte[_partitions.Length * 8];
            for (int i = 0; i < _partitions.Length; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 8), _partitions[i]);
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan((i * 8) + 4), _offsets[i]);
            }

            return bytes;
        }

        /// <summary>
        /// Three items from each partition in turn: the next item is from the partition with the fewest rounds
        /// of three read (the lowest partition among equals), so the order follows from the offsets alone, whatever
        /// the buffer sizes and across a restore.
        /// </summary>
        internal int ReadUnchecked(Span<long> buffer)
        {
            int n = 0;
            while (n < buffer.Length && !IsFinished)
            {
                int next = -1;
                for (int i = 0; i < _partitions.Length; i++)
                {
                    if (_offsets[i] < _source._perPartition && (next < 0 || _offsets[i] / 3 < _offsets[next] / 3))
                    {
                        next = i;
                    }
                }

                if (_source.ShouldFail(_partitions[next], _offsets[next]))
                {
                    throw new IOException($"injected failure before item {_offsets[next]} of partition {_partitions[next]}");
                }

                buffer[n++] = Item(_partitions[next], _offsets[next]++);
            }

            return n;
        }
    }
}
