using HyperFlow.Runtime.Sequencing;

namespace HyperFlow.Runtime.Execution;

/// <summary>
/// Where a chain's results go: an exchange to the next chain or a sink. The chain asks for room before
/// it reads a batch, so emitting never blocks and never fails for lack of space; control events
/// (watermarks, barriers, end of input) follow the records emitted before them.
/// </summary>
public abstract class ChainOutput
{
    private Queue<(ControlKind Kind, long Value)>? _deferred;
    private bool _completed;

    /// <summary>The number of records emitted so far.</summary>
    public long Emitted { get; private protected set; }

    /// <summary>Whether the output writes into a sink (rather than feeding another chain).</summary>
    internal virtual bool IsSink => false;

    /// <summary>How many records, up to <paramref name="wanted"/>, can be emitted now without waiting.</summary>
    /// <returns>The room, in records.</returns>
    internal abstract int Room(int wanted);

    /// <summary>Whether <paramref name="count"/> control events can be emitted now.</summary>
    internal abstract bool HasControlRoom(int count);

    /// <summary>Makes the records emitted so far visible downstream (once per batch).</summary>
    internal abstract void Flush();

    /// <summary>Emits a control event after the records emitted so far; all-or-nothing across the output's targets.</summary>
    /// <returns><c>false</c> when there is no room now; retry later.</returns>
    internal abstract bool TryEmitControl(ControlKind kind, long value);

    /// <summary>
    /// Phase one of a committing sink's two-phase commit at checkpoint <paramref name="checkpointId"/>: adds
    /// what the sink prepared to the checkpoint. Other outputs add nothing.
    /// </summary>
    internal virtual void PrepareCommit(Storage.Checkpointing.CheckpointWriter writer, long checkpointId, int subtask, int parallelism)
    {
    }

    /// <summary>Whether control events wait behind records that found no room (then the chain must not read input).</summary>
    internal bool HasDeferred => _deferred is { Count: > 0 };

    /// <summary>
    /// Emits a control event now or, when records emitted before it still wait for room (a flat-map or a
    /// timer emitted more than the ring takes), keeps it and emits it as soon as they have gone out.
    /// </summary>
    internal void EmitControlOrDefer(ControlKind kind, long value)
    {
        if (HasDeferred || !TryEmitControl(kind, value))
        {
            (_deferred ??= new Queue<(ControlKind Kind, long Value)>()).Enqueue((kind, value));
        }
    }

    /// <summary>Emits the deferred control events, in order, as far as there is room.</summary>
    /// <returns><c>true</c> when none is left.</returns>
    internal bool TryEmitDeferred()
    {
        while (_deferred is { Count: > 0 })
        {
            (ControlKind kind, long value) = _deferred.Peek();
            if (!TryEmitControl(kind, value))
            {
                return false;
            }

            _deferred.Dequeue();
        }

        return true;
    }

    /// <summary>Signals the end of input downstream, once, after any deferred control event.</summary>
    /// <returns><c>false</c> when there is no room now; retry later.</returns>
    internal bool TryComplete()
    {
        if (!_completed && TryEmitDeferred() && TryEmitControl(ControlKind.EndOfInput, 0))
        {
            _completed = true;
        }

        return _completed;
    }
}
