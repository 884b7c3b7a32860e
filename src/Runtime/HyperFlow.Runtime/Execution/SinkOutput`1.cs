using System.Runtime.CompilerServices;

namespace HyperFlow.Runtime.Execution;

/// <summary>
/// A chain's output into a sink writer: events are gathered per batch and handed to the writer in one
/// call, so the writer's interface call is paid per batch, not per event.
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

    /// <summary>Adds an event to the current batch.</summary>
    /// <param name="value">The event.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Emit(in T value)
    {
        _buffer[_count++] = value;
        Emitted++;
    }

    internal override int FreeCapacity() => _buffer.Length - _count;

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

    internal override void Complete()
    {
        Flush();
        _writer.Complete();
    }
}
