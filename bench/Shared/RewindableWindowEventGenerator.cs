using System.Buffers.Binary;
using HyperFlow;

namespace HyperFlow.Bench;

/// <summary>
/// The events of <see cref="WindowEventGenerator"/>, from a source that can rewind: each reader's
/// position (the index of the next event it reads, 8 bytes) goes into every checkpoint, and a job
/// restarted from one reads on from there. Event <c>i</c> has key <c>i mod keys</c>, value <c>i mod 256</c>
/// and time <c>i / 1000</c> ms; with the default 1,000 keys these are exactly <see cref="WindowEventGenerator.At"/>.
/// Subtask <c>s</c> of <c>p</c> reads the events <c>i ≡ s (mod p)</c>.
/// </summary>
/// <param name="count">The number of events.</param>
/// <param name="keys">The number of distinct keys; at least 1.</param>
public sealed class RewindableWindowEventGenerator(long count, long keys = WindowEventGenerator.Keys) : ICheckpointedSource<WindowEvent>
{
    /// <summary>The number of events.</summary>
    public long Count { get; } = count;

    /// <summary>The number of distinct keys.</summary>
    public long Keys { get; } = keys >= 1
        ? keys
        : throw new ArgumentOutOfRangeException(nameof(keys), keys, "A rewindable window event generator needs at least one key.");

    /// <inheritdoc />
    public ISourceReader<WindowEvent> CreateReader(int subtask, int parallelism) => CreateReader(subtask, parallelism, []);

    /// <inheritdoc />
    public ICheckpointedSourceReader<WindowEvent> CreateReader(int subtask, int parallelism, IReadOnlyList<ReadOnlyMemory<byte>> restoredPositions)
    {
        ArgumentNullException.ThrowIfNull(restoredPositions);
        if (restoredPositions.Count == 0)
        {
            return new Reader(this, subtask, parallelism);
        }

        // Subtask s reads every p-th event from s: a position only means something to the subtask of the same stripe.
        if (restoredPositions.Count != parallelism)
        {
            throw new ArgumentException(
                $"The rewindable window event generator was checkpointed by {restoredPositions.Count} subtasks and cannot be restored by {parallelism}: "
                + "each subtask reads its own stripe of the events. Restore with the parallelism of the checkpoint.",
                nameof(restoredPositions));
        }

        return new Reader(this, BinaryPrimitives.ReadInt64LittleEndian(restoredPositions[subtask].Span), parallelism);
    }

    private sealed class Reader : ICheckpointedSourceReader<WindowEvent>
    {
        private readonly long _count;
        private readonly long _keys;
        private readonly int _stride;
        private long _next;
        private long _key;

        public Reader(RewindableWindowEventGenerator source, long next, int parallelism)
        {
            _count = source.Count;
            _keys = source.Keys;
            _stride = parallelism;
            _next = next;
            _key = next % _keys;
        }

        public bool IsFinished => _next >= _count;

        public int Read(Span<WindowEvent> buffer)
        {
            int n = 0;
            long next = _next;
            long key = _key;
            long stride = _stride % _keys;
            while (n < buffer.Length && next < _count)
            {
                buffer[n++] = new WindowEvent(key, next & 0xFF, next / WindowEventGenerator.PerMillisecond);
                next += _stride;
                // The key follows the index without a division per event (the key count is not a constant).
                key += stride;
                if (key >= _keys)
                {
                    key -= _keys;
                }
            }

            _next = next;
            _key = key;
            return n;
        }

        public byte[] SnapshotPosition(long checkpointId)
        {
            byte[] position = new byte[sizeof(long)];
            BinaryPrimitives.WriteInt64LittleEndian(position, _next);
            return position;
        }
    }
}
