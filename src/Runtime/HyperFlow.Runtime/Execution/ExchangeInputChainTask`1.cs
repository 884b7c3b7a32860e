using System.Buffers.Binary;
using HyperFlow.Runtime.Sequencing;
using HyperFlow.Runtime.Time;
using HyperFlow.Storage.Checkpointing;

namespace HyperFlow.Runtime.Execution;

/// <summary>
/// A chain fed by an exchange: polls the ring from every upstream subtask in turn, reading each batch in
/// place (no copy), and handles the control events between the records: the chain's watermark is the
/// minimum over its active inputs (an idle input is left out until it is active again) and, when it
/// advances, <see cref="OnWatermark"/> runs before it is forwarded; a checkpoint barrier is forwarded once
/// it has arrived on every input, and an input stops being read after its barrier until then
/// (alignment); the chain ends when every input has ended.
/// </summary>
/// <typeparam name="TIn">The event type arriving through the exchange.</typeparam>
public abstract class ExchangeInputChainTask<TIn> : ChainTask
{
    // Reads (of records or of a control event) from one input in one turn: enough for a batch that the end
    // of the ring's array splits in two and the control events around it, and a bound on a turn's length.
    private const int MaxStepsPerInput = 8;

    private readonly SpscRing<TIn>[] _inputs;
    private readonly bool[] _ended;
    private readonly bool[] _atBarrier;
    private readonly WatermarkValve _valve;
    private long _barrier;
    private int _endedCount;
    private int _atBarrierCount;
    private int _nextInput;
    private bool _ending;
    private bool _finished;

    /// <summary>Initialises the task and attaches it to its input rings.</summary>
    /// <param name="plan">The job's execution plan.</param>
    /// <param name="chainId">The chain's index in the job graph.</param>
    /// <param name="subtask">The subtask index.</param>
    protected ExchangeInputChainTask(ExecutionPlan plan, int chainId, int subtask)
        : base(plan, chainId, subtask)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _inputs = plan.GetExchangeInputs<TIn>(chainId, subtask);
        _ended = new bool[_inputs.Length];
        _atBarrier = new bool[_inputs.Length];
        _valve = new WatermarkValve(_inputs.Length);
    }

    /// <summary>The chain's current watermark: the minimum over its active inputs (<see cref="long.MinValue"/> before any).</summary>
    public long CurrentWatermark => _valve.Watermark;

    /// <inheritdoc />
    public override double InputFill
    {
        get
        {
            double fill = 0;
            foreach (SpscRing<TIn> input in _inputs)
            {
                fill = Math.Max(fill, (double)input.Count / input.Capacity);
            }

            return fill;
        }
    }

    /// <summary>The fused operators, applied to one batch. Generated.</summary>
    /// <param name="batch">The records read from one input ring.</param>
    protected abstract void ProcessBatch(ReadOnlySpan<TIn> batch);

    /// <summary>
    /// Called when the chain's watermark advances, before the watermark is forwarded, so that whatever
    /// it fires (event-time windows and timers) is emitted ahead of it. At the end of the input it is
    /// called with <see cref="long.MaxValue"/>. Emit with the outputs' checked methods: the room checked
    /// beforehand is for control events only. Generated chains with operators that react to event time
    /// override it.
    /// </summary>
    /// <param name="watermark">The new watermark.</param>
    protected virtual void OnWatermark(long watermark)
    {
    }

    /// <summary>
    /// Adds the chain's watermark to the checkpoint under the uid of each of its stateful operators (read
    /// back with <see cref="ExecutionPlan.RestoredWatermark"/>), then the sinks' prepared output.
    /// </summary>
    internal override void AddOperatorState(CheckpointWriter writer, long checkpointId)
    {
        Span<byte> watermark = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(watermark, _valve.Watermark);
        foreach (string uid in Stores.Select(static s => s.Context.OperatorUid).Distinct(StringComparer.Ordinal))
        {
            writer.AddSourcePosition(uid, Subtask, Parallelism, watermark);
        }

        base.AddOperatorState(writer, checkpointId);
    }

    internal override bool HasPendingInput()
    {
        for (int i = 0; i < _inputs.Length; i++)
        {
            if (!_ended[i] && !_atBarrier[i] && _inputs[i].HasPending())
            {
                return true;
            }
        }

        return false;
    }

    internal sealed override RunStatus RunOnce()
    {
        if (_finished)
        {
            return RunStatus.Finished;
        }

        if (_ending)
        {
            return Finish();
        }

        bool progress = false;
        // Start where the last turn stopped: under backpressure the little room that frees up must
        // go to every input in turn, or later inputs (and their watermarks and barriers) starve.
        int start = _nextInput;
        _nextInput = start + 1 == _inputs.Length ? 0 : start + 1;
        for (int n = 0; n < _inputs.Length; n++)
        {
            int i = start + n < _inputs.Length ? start + n : start + n - _inputs.Length;
            SpscRing<TIn> input = _inputs[i];
            // Up to a batch of records from each input per turn, and the control events between them: a
            // watermark after each upstream batch then costs no turn of its own (a turn that took only the
            // watermark left the next batch for a later turn, and the ring filled up, stopping the producer).
            int budget = BatchSize;
            for (int step = 0; step < MaxStepsPerInput && budget > 0 && !_ended[i] && !_atBarrier[i]; step++)
            {
                int room = OutputRoom(budget);
                if (room == 0)
                {
                    return progress ? RunStatus.Progress : RunStatus.Backpressured;
                }

                ReadOnlySpan<TIn> batch = input.Peek(room);
                if (!batch.IsEmpty)
                {
                    RecordsIn += batch.Length;
                    ProcessBatch(batch);
                    input.Release(batch.Length);
                    FlushOutputs();
                    budget -= batch.Length;
                    progress = true;
                }
                else if (OutputsHaveControlRoom() && input.TryTakeControl(out ControlEvent control))
                {
                    OnControl(i, control);
                    progress = true;
                }
                else
                {
                    break;
                }
            }
        }

        if (_endedCount == _inputs.Length)
        {
            _ending = true;
            return Finish();
        }

        return progress ? RunStatus.Progress : RunStatus.Idle;
    }

    private void OnControl(int input, ControlEvent control)
    {
        switch (control.Kind)
        {
            case ControlKind.Watermark:
                Forward(_valve.OnWatermark(input, control.Value));
                break;
            case ControlKind.Idle:
                Forward(_valve.OnIdle(input));
                break;
            case ControlKind.Active:
                Forward(_valve.OnActive(input));
                break;
            case ControlKind.Barrier:
                _barrier = control.Value;
                _atBarrier[input] = true;
                _atBarrierCount++;
                CompleteAlignment();
                break;
            case ControlKind.EndOfInput:
                _ended[input] = true;
                _endedCount++;
                // An ended input no longer holds back the watermark or a barrier; when all have ended the
                // watermark becomes long.MaxValue, which fires every remaining event-time timer (as in Flink).
                Forward(_valve.OnEnd(input));
                CompleteAlignment();
                break;
        }
    }

    private void Forward(WatermarkChange change)
    {
        if ((change & WatermarkChange.Active) != 0)
        {
            EmitControl(ControlKind.Active, 0);
        }

        if ((change & WatermarkChange.Advanced) != 0)
        {
            // What the watermark fires goes out before the watermark itself.
            OnWatermark(_valve.Watermark);
            EmitControl(ControlKind.Watermark, _valve.Watermark);
        }

        if ((change & WatermarkChange.Idle) != 0)
        {
            EmitControl(ControlKind.Idle, 0);
        }
    }

    private void CompleteAlignment()
    {
        if (_atBarrierCount == 0 || _atBarrierCount + CountEndedNotAtBarrier() < _inputs.Length)
        {
            return;
        }

        // Every record before the barrier is in the state now, none after it: capture, then pass it on.
        CaptureCheckpoint(_barrier);
        EmitControl(ControlKind.Barrier, _barrier);
        Array.Clear(_atBarrier);
        _atBarrierCount = 0;
    }

    private int CountEndedNotAtBarrier()
    {
        int n = 0;
        for (int i = 0; i < _inputs.Length; i++)
        {
            if (_ended[i] && !_atBarrier[i])
            {
                n++;
            }
        }

        return n;
    }

    private RunStatus Finish()
    {
        if (!TryCompleteOutputs())
        {
            return RunStatus.Backpressured;
        }

        _finished = true;
        MarkFinished();
        return RunStatus.Finished;
    }
}
