using HyperFlow.Runtime.Exchange;
using HyperFlow.Windows;

namespace HyperFlow.Runtime.SideOutputs;

/// <summary>
/// The sending end of one side output of an operator subtask: a forward ring into the chain that
/// continues the side output's stream (on the same slot), with each record's timestamp when the
/// stream carries timestamps. Generated chains create one per side output the pipeline reads and
/// hand it to the operator that emits into it: a keyed process function (by its
/// <see cref="OutputTag{T}"/>) or a window operator (as its late-element output).
/// </summary>
/// <remarks>
/// Writes are checked (a record that finds the ring full waits in the ring's spill queue and the chain
/// reads no more input until it has gone out), because an operator may emit any number of side
/// records per input. Nothing blocks and nothing is dropped.
/// </remarks>
/// <typeparam name="T">The side output's record type.</typeparam>
public sealed class SideOutput<T> : ILateElementOutput<T>
{
    private readonly ForwardOutput<T>? _plain;
    private readonly ForwardOutput<Timestamped<T>>? _stamped;

    /// <summary>Creates the side output of a stream without timestamps.</summary>
    /// <param name="output">The forward output into the side output's chain.</param>
    public SideOutput(ForwardOutput<T> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _plain = output;
    }

    /// <summary>Creates the side output of a stream with timestamps: each record travels with its timestamp.</summary>
    /// <param name="output">The forward output into the side output's chain.</param>
    public SideOutput(ForwardOutput<Timestamped<T>> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _stamped = output;
    }

    /// <summary>The number of records emitted so far.</summary>
    public long Emitted => _stamped?.Emitted ?? _plain!.Emitted;

    /// <summary>Emits a record; <paramref name="timestamp"/> is dropped when the stream has no timestamps.</summary>
    /// <param name="element">The record.</param>
    /// <param name="timestamp">Its timestamp.</param>
    public void Emit(in T element, long timestamp)
    {
        if (_stamped is not null)
        {
            _stamped.EmitChecked(new Timestamped<T>(element, timestamp));
        }
        else
        {
            _plain!.EmitChecked(in element);
        }
    }
}
