using System.Buffers;
using System.Buffers.Binary;

namespace HyperFlow;

/// <summary>
/// The reusable half of a two-phase-commit sink: tracks what each checkpoint prepared, commits it in
/// checkpoint order when a checkpoint completes, stores what is still uncommitted in the checkpoint
/// state, and commits that again on restore. The connector supplies the commit itself through an
/// <see cref="ICommitter{TCommittable}"/> (rename a pending file, commit a Kafka transaction).
/// </summary>
/// <typeparam name="TCommittable">What one prepared unit of output is described by.</typeparam>
/// <remarks>
/// <para>
/// Thread-safe: <see cref="Add"/> and <see cref="WriteState"/> (the slot thread, at a checkpoint
/// barrier) never wait for a commit in progress; <see cref="CommitUpTo"/> (the coordinator's thread)
/// runs one commit at a time and removes committables only once their commit succeeded, so a state
/// written meanwhile still lists them and a crash at any point loses nothing. Committing them again
/// after a restore is why <see cref="ICommitter{TCommittable}.Commit"/> must be idempotent.
/// </para>
/// <code>
/// // In a sink writer:
/// public byte[] PrepareCommit(long checkpointId)
/// {
///     _committer.Add(checkpointId, FlushAndClose());
///     var state = new ArrayBufferWriter&lt;byte&gt;();
///     _committer.WriteState(state);
///     return state.WrittenSpan.ToArray();
/// }
///
/// public void Commit(long checkpointId) => _committer.CommitUpTo(checkpointId);
/// </code>
/// </remarks>
public sealed class TwoPhaseCommitter<TCommittable>
{
    private const byte FormatVersion = 1;
    private const int HeaderSize = sizeof(byte) + sizeof(int);
    private const int EntryHeaderSize = sizeof(long) + sizeof(int);

    private readonly ICommitter<TCommittable> _committer;
    private readonly Lock _pendingLock = new();
    private readonly Lock _commitLock = new();

    // In checkpoint order (Add refuses ids that go back), so the committables of checkpoints up to n are a prefix.
    private readonly List<(long CheckpointId, TCommittable Committable)> _pending = [];
    private readonly ArrayBufferWriter<byte> _scratch = new();
    private long _committedUpTo = long.MinValue;

    /// <summary>Creates a committer with nothing pending.</summary>
    /// <param name="committer">The connector's commit and serialization.</param>
    public TwoPhaseCommitter(ICommitter<TCommittable> committer)
    {
        ArgumentNullException.ThrowIfNull(committer);
        _committer = committer;
    }

    /// <summary>The number of committables prepared and not yet committed.</summary>
    public int PendingCount
    {
        get
        {
            lock (_pendingLock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Records a committable prepared for a checkpoint (phase one).</summary>
    /// <param name="checkpointId">The checkpoint; not less than that of the previous committable added.</param>
    /// <param name="committable">The committable.</param>
    /// <exception cref="InvalidOperationException">The checkpoint id goes back, or that checkpoint was already committed.</exception>
    public void Add(long checkpointId, TCommittable committable)
    {
        lock (_pendingLock)
        {
            if (checkpointId <= _committedUpTo)
            {
                throw new InvalidOperationException(
                    $"A committable was prepared for checkpoint {checkpointId}, but checkpoints up to {_committedUpTo} are already committed. "
                    + "The checkpoint coordinator must prepare a checkpoint before it completes, with ids that only grow.");
            }

            if (_pending.Count > 0 && checkpointId < _pending[^1].CheckpointId)
            {
                throw new InvalidOperationException(
                    $"A committable was prepared for checkpoint {checkpointId} after one for checkpoint {_pending[^1].CheckpointId}. "
                    + "The checkpoint coordinator must prepare checkpoints in increasing id order.");
            }

            _pending.Add((checkpointId, committable));
        }
    }

    /// <summary>
    /// Writes the state to store in a checkpoint: every committable not yet committed, with its checkpoint.
    /// <see cref="Recover"/> reads it back.
    /// </summary>
    /// <param name="output">Where to write the state.</param>
    public void WriteState(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        lock (_pendingLock)
        {
            Span<byte> header = output.GetSpan(HeaderSize);
            header[0] = FormatVersion;
            BinaryPrimitives.WriteInt32LittleEndian(header[1..], _pending.Count);
            output.Advance(HeaderSize);
            foreach ((long checkpointId, TCommittable committable) in _pending)
            {
                // Serialized aside first: the length goes before the bytes, and a buffer writer cannot go back.
                _scratch.ResetWrittenCount();
                _committer.Serialize(committable, _scratch);
                Span<byte> entry = output.GetSpan(EntryHeaderSize);
                BinaryPrimitives.WriteInt64LittleEndian(entry, checkpointId);
                BinaryPrimitives.WriteInt32LittleEndian(entry[sizeof(long)..], _scratch.WrittenCount);
                output.Advance(EntryHeaderSize);
                output.Write(_scratch.WrittenSpan);
            }
        }
    }

    /// <summary>
    /// Phase two: checkpoint <paramref name="checkpointId"/> is complete, so commits every committable of it
    /// and of earlier checkpoints, in order. Idempotent, and a no-op when there is nothing to commit.
    /// </summary>
    /// <param name="checkpointId">A completed checkpoint.</param>
    /// <returns>The number of committables committed.</returns>
    public int CommitUpTo(long checkpointId)
    {
        lock (_commitLock)
        {
            TCommittable[] batch;
            lock (_pendingLock)
            {
                int count = 0;
                while (count < _pending.Count && _pending[count].CheckpointId <= checkpointId)
                {
                    count++;
                }

                batch = new TCommittable[count];
                for (int i = 0; i < count; i++)
                {
                    batch[i] = _pending[i].Committable;
                }
            }

            // Outside the pending lock: the slot thread may prepare the next checkpoint while files are renamed.
            if (batch.Length > 0)
            {
                _committer.Commit(batch);
            }

            lock (_pendingLock)
            {
                // Add only appends, so the committed batch is still the prefix.
                _pending.RemoveRange(0, batch.Length);
                _committedUpTo = Math.Max(_committedUpTo, checkpointId);
            }

            return batch.Length;
        }
    }

    /// <summary>
    /// Restores from the state a completed checkpoint stored: commits every committable it lists (all of
    /// them belong to that checkpoint or earlier ones, so all are due), again if they were committed
    /// before the failure. Later committables must have greater checkpoint ids.
    /// </summary>
    /// <param name="state">What <see cref="WriteState"/> wrote for the restored checkpoint.</param>
    /// <returns>The committables the state listed, in order.</returns>
    /// <exception cref="InvalidDataException">The state is not one <see cref="WriteState"/> wrote.</exception>
    public IReadOnlyList<TCommittable> Recover(ReadOnlySpan<byte> state)
    {
        (List<TCommittable> committables, long lastCheckpointId) = Read(state);
        lock (_commitLock)
        {
            if (committables.Count > 0)
            {
                _committer.Commit(committables);
            }

            lock (_pendingLock)
            {
                _committedUpTo = Math.Max(_committedUpTo, lastCheckpointId);
            }
        }

        return committables;
    }

    private (List<TCommittable> Committables, long LastCheckpointId) Read(ReadOnlySpan<byte> state)
    {
        if (state.Length < HeaderSize || state[0] != FormatVersion)
        {
            throw Corrupt(state.Length < HeaderSize ? $"it is {state.Length} bytes long" : $"its format version is {state[0]}, not {FormatVersion}");
        }

        int count = BinaryPrimitives.ReadInt32LittleEndian(state[1..]);
        if (count < 0)
        {
            throw Corrupt($"it lists {count} committables");
        }

        var committables = new List<TCommittable>(Math.Min(count, state.Length / EntryHeaderSize));
        long lastCheckpointId = long.MinValue;
        ReadOnlySpan<byte> rest = state[HeaderSize..];
        for (int i = 0; i < count; i++)
        {
            if (rest.Length < EntryHeaderSize)
            {
                throw Corrupt($"it ends inside committable {i} of {count}");
            }

            long checkpointId = BinaryPrimitives.ReadInt64LittleEndian(rest);
            int length = BinaryPrimitives.ReadInt32LittleEndian(rest[sizeof(long)..]);
            if (length < 0 || length > rest.Length - EntryHeaderSize || checkpointId < lastCheckpointId)
            {
                throw Corrupt($"committable {i} of {count} has length {length} and checkpoint {checkpointId} (after checkpoint {lastCheckpointId}) in {rest.Length} remaining bytes");
            }

            committables.Add(_committer.Deserialize(rest.Slice(EntryHeaderSize, length)));
            lastCheckpointId = checkpointId;
            rest = rest[(EntryHeaderSize + length)..];
        }

        return rest.IsEmpty ? (committables, lastCheckpointId) : throw Corrupt($"{rest.Length} bytes follow its last committable");
    }

    private static InvalidDataException Corrupt(string why) =>
        new($"The two-phase commit state to restore is not one a {nameof(TwoPhaseCommitter<>)} wrote: {why}. "
            + "The checkpoint is corrupt or the state belongs to another operator; restore from another checkpoint, or start the sink without state.");
}
