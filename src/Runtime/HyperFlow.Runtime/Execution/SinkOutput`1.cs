using System.Runtime.CompilerServices;
using HyperFlow.Runtime.Sequencing;

namespace HyperFlow.Runtime.Execution;

/// <summary>
/// A chain's output into a sink writer: records are gathered per batch and handed to the writer in one
/// call, so the writer's interface call is paid per batch, not per record. For a stream with timestamps
/// the records' timestamps are gathered alongside, and a writer implementing
/// <see cref="ITimestampedSinkWriter{T}"/> receives them and the watermarks.
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
public sealed class SinkOutput<T> : ChainOutput
{
    private readonly ISinkWriter<T> _writer;
    private readonly ITimestampedSinkWriter<T>? _eventTimeWriter;
    private readonly ICheckpointedSinkWriter<T>? _committing;
    private readonly string? _committingUid;
    private readonly T[] _buffer;
    private readonly long[] _timestamps;
    private int _count;

    internal SinkOutput(ISinkWriter<T> writer, int batchSize, bool timestamped, string? committingUid)
    {
        _writer = writer;
        // Only a writer created for checkpoints takes part in them (the same class may serve both).
        _committing = committingUid is null ? null : (ICheckpointedSinkWriter<T>)writer;
        _committingUid = committingUid;
        _eventTimeWriter = writer as ITimestampedSinkWriter<T>;
        _buffer = new T[batchSize];
        _timestamps = timestamped ? new long[batchSize] : [];
    }

    /// <summary>Adds a record to the current batch.</summary>
    /// <param name="value">The record.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Emit(in T value)
    {
        _buffer[_count++] = value;
        Emitted++;
    }

    /// <summary>Adds a record, handing the batch to the writer first when it is full (after a flat-map).</summary>
    /// <param name="value">The record.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EmitChecked(in T value)
    {
        if (_count == _buffer.Length)
        {
            Flush();
        }

        _buffer[_count++] = value;
        Emitted++;
    }

    /// <summary>Adds a record of a stream with timestamps, with its timestamp.</summary>
    /// <param name="value">The record.</param>
    /// <param name="timestamp">Its timestamp.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Emit(in T value, long timestamp)
    {
        _timestamps[_count] = timestamp;
        _buffer[_count++] = value;
        Emitted++;
    }

    /// <summary>Adds a record of a stream with timestamps, handing the batch to the writer first when it is full (after a flat-map).</summary>
    /// <param name="value">The record.</param>
    /// <param name="timestamp">Its timestamp.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EmitChecked(in T value, long timestamp)
    {
        if (_count == _buffer.Length)
        {
            Flush();
        }

        _timestamps[_count] = timestamp;
        _buffer[_count++] = value;
        Emitted++;
    }

    internal override bool IsSink => true;

    internal override int Room(int wanted) => Math.Min(wanted, _buffer.Length - _count);

    internal override bool HasControlRoom(int count) => true;

    internal override void Flush()
    {
        if (_count > 0)
        {
            var batch = new ReadOnlySpan<T>(_buffer, 0, _count);
            if (_eventTimeWriter is not null && _timestamps.Length > 0)
            {
                _eventTimeWriter.Write(batch, new ReadOnlySpan<long>(_timestamps, 0, _count));
            }
            else
            {
                _writer.Write(batch);
            }

            if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
            {
                Array.Clear(_buffer, 0, _count);
            }

            _count = 0;
        }
    }

    internal override void PrepareCommit(Storage.Checkpointing.CheckpointWriter writer, long checkpointId, int subtask, int parallelism)
    {
        if (_committing is not null)
        {
            Flush();
            writer.AddSourcePosition(_committingUid!, subtask, parallelism, _committing.PrepareCommit(checkpointId));
        }
    }

    internal override bool TryEmitControl(ControlKind kind, long value)
    {
        // Barriers and idleness end at the sink; a watermark goes to a writer that takes event time, and
        // end of input completes the writer.
        switch (kind)
        {
            case ControlKind.Watermark:
                Flush();
                _eventTimeWriter?.WriteWatermark(value);
                break;
            case ControlKind.EndOfInput:
                Flush();
                _writer.Complete();
                break;
        }

        return true;
    }
}
