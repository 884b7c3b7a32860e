using System.Runtime.CompilerServices;
using HyperFlow.Runtime.Sequencing;

namespace HyperFlow.Runtime.Execution;

/// <summary>
/// A chain's output into a sink writer: records are gathered per batch and handed to the writer in one
/// call, so the writer's interface call is paid per batch, not per record.
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
public sealed class SinkOutput<T> : ChainOutput
{
    private readonly ISinkWriter<T> _writer;
    private readonly T[] _buffer;
    private int _count;

    internal SinkOutput(ISinkWriter<T> writer, int batchSize)
    {
        _writer = writer;
        _buffer = new T[batchSize];
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

    internal override int Room(int wanted) => Math.Min(wanted, _buffer.Length - _count);

    internal override bool HasControlRoom(int count) => true;

    internal override void Flush()
    {
        if (_count > 0)
        {
            _writer.Write(new ReadOnlySpan<T>(_buffer, 0, _count));
            if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
            {
                Array.Clear(_buffer, 0, _count);
            }

            _count = 0;
        }
    }

    internal override bool TryEmitControl(ControlKind kind, long value)
    {
        // Watermarks and barriers end at the sink for now; end of input completes the writer.
        if (kind == ControlKind.EndOfInput)
        {
            Flush();
            _writer.Complete();
        }

        return true;
    }
}
