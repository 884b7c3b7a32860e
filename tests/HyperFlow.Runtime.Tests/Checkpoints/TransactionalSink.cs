using System.Buffers.Binary;

namespace HyperFlow.Runtime.Tests.Checkpoints;

/// <summary>
/// An in-memory committing sink: what a writer writes between two checkpoints is prepared at the first
/// and becomes visible (<see cref="Committed"/>) only when that checkpoint completes, or when a restored
/// writer finds it in its state. Its state lists the old subtask and the checkpoints it prepared and has
/// not committed. Records of a stream with timestamps keep theirs (<see cref="CommittedWithTimestamps"/>).
/// </summary>
public sealed class TransactionalSink<T> : ICheckpointedSink<T>
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(int Subtask, long Checkpoint), (T Value, long Timestamp)[]> _prepared = [];
    private readonly Dictionary<int, List<(T Value, long Timestamp)>> _committed = [];
    private readonly Dictionary<long, TaskCompletionSource> _commitCalls = [];
    private readonly ManualResetEventSlim _prepareGate = new(initialState: true);
    private readonly TaskCompletionSource _prepareHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Makes the writers' <c>PrepareCommit</c> wait (on the slot thread) until <see cref="OpenPrepare"/>: the checkpoint cannot complete.</summary>
    public void HoldPrepare() => _prepareGate.Reset();

    /// <summary>Lets held and later <c>PrepareCommit</c> calls go on.</summary>
    public void OpenPrepare() => _prepareGate.Set();

    /// <summary>Completes when a writer's <c>PrepareCommit</c> is waiting at the gate <see cref="HoldPrepare"/> closed.</summary>
    public Task WhenPrepareHeld => _prepareHeld.Task;

    /// <summary>Completes when a writer has been told to commit checkpoint <paramref name="checkpointId"/> (the checkpoint completed).</summary>
    public Task WhenCommitted(long checkpointId)
    {
        lock (_lock)
        {
            return CommitCall(checkpointId).Task;
        }
    }

    /// <summary>What subtask <paramref name="subtask"/>'s writers made visible, in commit order.</summary>
    public IReadOnlyList<T> Committed(int subtask)
    {
        lock (_lock)
        {
            return _committed.TryGetValue(subtask, out List<(T Value, long Timestamp)>? items) ? [.. items.Select(static i => i.Value)] : [];
        }
    }

    /// <summary>Everything made visible, over all subtasks.</summary>
    public IReadOnlyList<T> AllCommitted => [.. CommittedWithTimestamps.Select(static i => i.Value)];

    /// <summary>Everything made visible, over all subtasks, with the records' timestamps (0 for a stream without).</summary>
    public IReadOnlyList<(T Value, long Timestamp)> CommittedWithTimestamps
    {
        get
        {
            lock (_lock)
            {
                return [.. _committed.OrderBy(static p => p.Key).SelectMany(static p => p.Value)];
            }
        }
    }

    public ISinkWriter<T> CreateWriter(int subtask, int parallelism)
        => throw new InvalidOperationException("The transactional test sink only runs in jobs with checkpoints.");

    public ICheckpointedSinkWriter<T> CreateCheckpointedWriter(int subtask, int parallelism, IReadOnlyList<ReadOnlyMemory<byte>> restoredStates)
    {
        foreach (ReadOnlyMemory<byte> state in restoredStates)
        {
            int oldSubtask = BinaryPrimitives.ReadInt32LittleEndian(state.Span);
            for (int at = 4; at < state.Length; at += 8)
            {
                CommitPrepared(oldSubtask, BinaryPrimitives.ReadInt64LittleEndian(state.Span[at..]), subtask);
            }
        }

        return new Writer(this, subtask);
    }

    private TaskCompletionSource CommitCall(long checkpointId)
    {
        if (!_commitCalls.TryGetValue(checkpointId, out TaskCompletionSource? call))
        {
            _commitCalls[checkpointId] = call = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return call;
    }

    /// <summary>Makes what <paramref name="from"/> prepared for a checkpoint visible under <paramref name="to"/>; nothing when it was committed already.</summary>
    private void CommitPrepared(int from, long checkpoint, int to)
    {
        lock (_lock)
        {
            if (_prepared.Remove((from, checkpoint), out (T Value, long Timestamp)[]? items))
            {
                if (!_committed.TryGetValue(to, out List<(T Value, long Timestamp)>? list))
                {
                    _committed[to] = list = [];
                }

                list.AddRange(items);
            }
        }
    }

    private sealed class Writer(TransactionalSink<T> sink, int subtask) : ICheckpointedSinkWriter<T>, ITimestampedSinkWriter<T>
    {
        private readonly List<(T Value, long Timestamp)> _current = [];
        private readonly List<long> _pending = [];

        public void Write(ReadOnlySpan<T> batch)
        {
            foreach (T value in batch)
            {
                _current.Add((value, 0));
            }
        }

        public void Write(ReadOnlySpan<T> batch, ReadOnlySpan<long> timestamps)
        {
            for (int i = 0; i < batch.Length; i++)
            {
                _current.Add((batch[i], timestamps[i]));
            }
        }

        public void WriteWatermark(long watermark)
        {
        }

        public void Complete()
        {
        }

        public byte[] PrepareCommit(long checkpointId)
        {
            if (!sink._prepareGate.IsSet)
            {
                sink._prepareHeld.TrySetResult();
                if (!sink._prepareGate.Wait(TimeSpan.FromMinutes(2)))
                {
                    throw new TimeoutException($"The test never opened the prepare gate of checkpoint {checkpointId}.");
                }
            }

            lock (sink._lock)
            {
                sink._prepared[(subtask, checkpointId)] = [.. _current];
                _current.Clear();
                _pending.Add(checkpointId);
                byte[] state = new byte[4 + (8 * _pending.Count)];
                BinaryPrimitives.WriteInt32LittleEndian(state, subtask);
                for (int i = 0; i < _pending.Count; i++)
                {
                    BinaryPrimitives.WriteInt64LittleEndian(state.AsSpan(4 + (8 * i)), _pending[i]);
                }

                return state;
            }
        }

        public void Commit(long checkpointId)
        {
            lock (sink._lock)
            {
                sink.CommitCall(checkpointId).TrySetResult();
                while (_pending.Count > 0 && _pending[0] <= checkpointId)
                {
                    sink.CommitPrepared(subtask, _pending[0], subtask);
                    _pending.RemoveAt(0);
                }
            }
        }
    }
}
