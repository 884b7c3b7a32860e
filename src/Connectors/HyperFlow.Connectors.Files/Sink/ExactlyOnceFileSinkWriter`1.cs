using System.Buffers;
using System.Buffers.Binary;
using HyperFlow.Storage.Checkpointing;

namespace HyperFlow.Connectors.Files;

/// <summary>
/// The writer of a job with checkpoints: closed parts stay hidden until a checkpoint prepares them
/// (renamed to pending, durable) and that checkpoint completes (renamed to their final name).
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
/// <remarks>
/// Its checkpoint state: a format version, the checkpoint id, then the <see cref="TwoPhaseCommitter{TCommittable}"/>'s
/// state (the pending parts not yet committed).
/// </remarks>
internal sealed class ExactlyOnceFileSinkWriter<T> : FileSinkWriter<T>, ICheckpointedSinkWriter<T>
{
    private const byte FormatVersion = 1;
    private const int HeaderSize = sizeof(byte) + sizeof(long);

    private readonly TwoPhaseCommitter<string> _committer;
    private readonly List<string> _closed = [];
    private readonly ArrayBufferWriter<byte> _state = new();
    private long _lastCheckpointId;

    private ExactlyOnceFileSinkWriter(FileSinkOptions options, LineEncoder<T> encoder, int subtask, long firstCounter,
        TwoPhaseCommitter<string> committer, long lastCheckpointId)
        : base(options, encoder, subtask, firstCounter)
    {
        _committer = committer;
        _lastCheckpointId = lastCheckpointId;
    }

    /// <summary>The number of parts prepared by checkpoints and not yet committed.</summary>
    internal int PendingParts => _committer.PendingCount;

    /// <summary>
    /// Commits the parts the restored states list, deletes the uncommitted leftovers of the subtasks this
    /// one takes over (<c>j % parallelism == subtask</c>), and starts numbering parts after every part of
    /// its subtask found in the directory, so that no name of an earlier run is reused.
    /// </summary>
    public static ExactlyOnceFileSinkWriter<T> Restore(
        FileSinkOptions options, LineEncoder<T> encoder, int subtask, int parallelism, IReadOnlyList<ReadOnlyMemory<byte>> restoredStates)
    {
        var names = new PartFileNames(options.PartPrefix, options.PartSuffix);
        List<PartFile> existing = names.Scan(options.Directory).FindAll(p => p.Subtask % parallelism == subtask);
        var committer = new TwoPhaseCommitter<string>(new PartCommitter(options.Directory, subtask));
        long lastCheckpointId = long.MinValue;
        for (int i = 0; i < restoredStates.Count; i++)
        {
            ReadOnlySpan<byte> state = restoredStates[i].Span;
            if (state.Length < HeaderSize || state[0] != FormatVersion)
            {
                throw new InvalidDataException(
                    $"The file sink into '{options.Directory}' (subtask {subtask}) cannot restore state {i} of {restoredStates.Count}: it is not a file sink state "
                    + $"({state.Length} bytes, format {(state.IsEmpty ? "none" : state[0])}). The checkpoint is corrupt or belongs to another sink; restore from another checkpoint.");
            }

            lastCheckpointId = Math.Max(lastCheckpointId, BinaryPrimitives.ReadInt64LittleEndian(state[1..]));
            committer.Recover(state[HeaderSize..]);
        }

        // After the commits above, what is still hidden was never part of a completed checkpoint: its records are replayed.
        bool deleted = false;
        foreach (PartFile part in existing)
        {
            if (part.Kind != PartFileKind.Committed)
            {
                File.Delete(Path.Combine(options.Directory, part.FileName));
                deleted = true;
            }
        }

        if (deleted)
        {
            DirectorySync.Flush(options.Directory);
        }

        long firstCounter = existing.Where(p => p.Subtask == subtask).Select(static p => p.Counter + 1).DefaultIfEmpty(0).Max();
        return new ExactlyOnceFileSinkWriter<T>(options, encoder, subtask, firstCounter, committer, lastCheckpointId);
    }

    /// <summary>Closes the open part; it is prepared by the final checkpoint the coordinator takes after the end of the input.</summary>
    public override void Complete()
    {
        if (HasOpenPart)
        {
            ClosePart();
        }
    }

    public byte[] PrepareCommit(long checkpointId)
    {
        if (checkpointId <= _lastCheckpointId)
        {
            throw new InvalidOperationException(
                $"The file sink into '{Options.Directory}' (subtask {Subtask}) was asked to prepare checkpoint {checkpointId} after checkpoint {_lastCheckpointId}. "
                + "The checkpoint coordinator must prepare checkpoints with ids that grow, also across restores.");
        }

        if (HasOpenPart)
        {
            ClosePart();
        }

        if (_closed.Count > 0)
        {
            // Each part was fsynced when closed; the renames are made durable by one directory flush.
            foreach (string finalName in _closed)
            {
                File.Move(PathOf(PartFileNames.InProgress(finalName)), PathOf(PartFileNames.Pending(finalName)), overwrite: true);
            }

            DirectorySync.Flush(Options.Directory);
            foreach (string finalName in _closed)
            {
                _committer.Add(checkpointId, finalName);
            }

            _closed.Clear();
        }

        _lastCheckpointId = checkpointId;
        _state.ResetWrittenCount();
        Span<byte> header = _state.GetSpan(HeaderSize);
        header[0] = FormatVersion;
        BinaryPrimitives.WriteInt64LittleEndian(header[1..], checkpointId);
        _state.Advance(HeaderSize);
        _committer.WriteState(_state);
        return _state.WrittenSpan.ToArray();
    }

    public void Commit(long checkpointId) => _committer.CommitUpTo(checkpointId);

    protected override void OnPartClosed(string finalName) => _closed.Add(finalName);
}
