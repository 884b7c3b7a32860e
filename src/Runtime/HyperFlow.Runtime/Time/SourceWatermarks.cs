namespace HyperFlow.Runtime.Time;

/// <summary>
/// The event time of one source subtask: one watermark generator per source partition (split), and the
/// subtask's watermark, which is the minimum over the partitions that are not idle (as Flink's
/// <c>WatermarkOutputMultiplexer</c>). A partition is idle when its generator marked it so, or when it
/// delivered nothing for the idle timeout (processing time); when every partition is idle the subtask's
/// output is idle, and downstream tasks leave it out of their minimum until it is active again.
/// </summary>
/// <remarks>
/// Driven per batch by <see cref="Execution.SourceChainTask{TIn}"/>: a batch comes from one partition,
/// whose generator is swapped in for the batch, so the per-event call (<see cref="SourceWatermarks{T, TGenerator}.OnEvent"/>)
/// touches no array. The merged watermark is recomputed once per batch, after the generator's periodic
/// emit; Flink emits on a timer instead, which makes no difference to the watermarks' values.
/// </remarks>
public abstract class SourceWatermarks
{
    private readonly long _idleTimeout;
    private WatermarkOutput[] _outputs;
    private long[] _lastEvent;
    private bool[] _timedOut;
    private long _nextIdleCheck;
    private int _current = -1;
    private long _watermark = long.MinValue;
    private bool _idle;

    private protected SourceWatermarks(int partitions, long idleTimeoutMs, long now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partitions);
        ArgumentOutOfRangeException.ThrowIfNegative(idleTimeoutMs);
        _idleTimeout = idleTimeoutMs;
        _outputs = new WatermarkOutput[partitions];
        Array.Fill(_outputs, new WatermarkOutput());
        _lastEvent = new long[partitions];
        Array.Fill(_lastEvent, now);
        _timedOut = new bool[partitions];
        // A subtask without partitions is idle from the start (as a Flink source reader without splits):
        // check at once. Otherwise a partition that never delivers goes idle one timeout after the start.
        _nextIdleCheck = partitions == 0 ? long.MinValue : idleTimeoutMs > 0 ? now + idleTimeoutMs : long.MaxValue;
    }

    /// <summary>The number of partitions seen so far.</summary>
    internal int PartitionCount => _outputs.Length;

    /// <summary>The subtask's watermark: the largest merged watermark so far, <see cref="long.MinValue"/> before any.</summary>
    internal long Watermark => _watermark;

    /// <summary>Whether the subtask's output is idle.</summary>
    internal bool IsIdle => _idle;

    /// <summary>The processing time (Unix ms) at which a partition may next have been idle for the timeout; <see cref="long.MaxValue"/> when none can.</summary>
    internal long NextIdleCheck => _nextIdleCheck;

    /// <summary>Whether partitions go idle after a timeout, so that batches must note the processing time.</summary>
    internal bool HasIdleTimeout => _idleTimeout > 0;

    /// <summary>The output of the partition whose batch is being processed.</summary>
    private protected WatermarkOutput Output;

    /// <summary>Starts a batch of <paramref name="partition"/>: swaps its generator in and notes that it is active.</summary>
    /// <param name="partition">The partition the batch came from.</param>
    /// <param name="partitionCount">The number of partitions the reader reads now.</param>
    /// <param name="now">The processing time (Unix ms); only read when there is an idle timeout.</param>
    internal void BeginBatch(int partition, int partitionCount, long now)
    {
        if (partition < 0)
        {
            throw new InvalidOperationException($"The source reader reported partition {partition}; partitions are numbered from 0.");
        }

        int needed = Math.Max(partitionCount, partition + 1);
        if (needed > _outputs.Length)
        {
            AddPartitions(needed, now);
        }

        _current = partition;
        Output = _outputs[partition];
        SwapIn(partition);
        if (_idleTimeout > 0)
        {
            _lastEvent[partition] = now;
            if (_timedOut[partition])
            {
                _timedOut[partition] = false;
                _nextIdleCheck = Math.Min(_nextIdleCheck, now + _idleTimeout);
            }
        }
    }

    /// <summary>Ends the batch: asks the partition's generator for its watermark and merges the partitions.</summary>
    /// <returns>What the subtask must emit.</returns>
    internal WatermarkChange EndBatch()
    {
        PeriodicEmit(_current);
        _outputs[_current] = Output;
        return Merge();
    }

    /// <summary>Marks the partitions that delivered nothing for the idle timeout as idle, and merges.</summary>
    /// <param name="now">The processing time (Unix ms).</param>
    /// <returns>What the subtask must emit.</returns>
    internal WatermarkChange CheckIdle(long now)
    {
        long next = long.MaxValue;
        if (_idleTimeout > 0)
        {
            for (int p = 0; p < _timedOut.Length; p++)
            {
                if (_timedOut[p])
                {
                    continue;
                }

                long due = _lastEvent[p] + _idleTimeout;
                if (due <= now)
                {
                    _timedOut[p] = true;
                }
                else
                {
                    next = Math.Min(next, due);
                }
            }
        }

        _nextIdleCheck = next;
        return Merge();
    }

    /// <summary>Makes room for more partitions' generators; new ones start from the initial generator.</summary>
    /// <param name="count">The new number of partitions.</param>
    private protected abstract void GrowGenerators(int count);

    /// <summary>Makes the partition's generator the current one.</summary>
    private protected abstract void SwapIn(int partition);

    /// <summary>Runs the current generator's periodic emit into <see cref="Output"/> and stores it back for the partition.</summary>
    private protected abstract void PeriodicEmit(int partition);

    private void AddPartitions(int count, long now)
    {
        int old = _outputs.Length;
        Array.Resize(ref _outputs, count);
        Array.Resize(ref _lastEvent, count);
        Array.Resize(ref _timedOut, count);
        for (int p = old; p < count; p++)
        {
            _outputs[p] = new WatermarkOutput();
            _lastEvent[p] = now;
        }

        GrowGenerators(count);
        if (_idleTimeout > 0)
        {
            _nextIdleCheck = Math.Min(_nextIdleCheck, now + _idleTimeout);
        }
    }

    private WatermarkChange Merge()
    {
        bool anyActive = false;
        long min = long.MaxValue;
        for (int p = 0; p < _outputs.Length; p++)
        {
            if (!_timedOut[p] && !_outputs[p].IsIdle)
            {
                anyActive = true;
                min = Math.Min(min, _outputs[p].Watermark);
            }
        }

        if (!anyActive)
        {
            if (_idle)
            {
                return WatermarkChange.None;
            }

            _idle = true;
            return WatermarkChange.Idle;
        }

        WatermarkChange change = WatermarkChange.None;
        if (_idle)
        {
            _idle = false;
            change = WatermarkChange.Active;
        }

        // A partition back from idleness may trail the others: the merged watermark never goes back.
        if (min > _watermark)
        {
            _watermark = min;
            change |= WatermarkChange.Advanced;
        }

        return change;
    }
}
