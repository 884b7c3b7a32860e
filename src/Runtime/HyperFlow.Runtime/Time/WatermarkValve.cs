namespace HyperFlow.Runtime.Time;

/// <summary>
/// The watermark of a task with several inputs, as Flink's <c>StatusWatermarkValve</c>: the minimum over
/// the inputs that are active (not idle) and have not ended. An idle input is left out until it is
/// active again, and then only once its watermark has caught up with the task's (until then its records
/// may be late, as in Flink). When every input that has not ended is idle the task's output is idle and
/// its watermark stays where it is (it is not flushed to the largest input watermark, which would make
/// the records of an idle input late once it resumes). When every input has ended the watermark is
/// <see cref="long.MaxValue"/>. The watermark never goes back.
/// </summary>
internal sealed class WatermarkValve
{
    private readonly long[] _watermarks;
    private readonly bool[] _idle;
    private readonly bool[] _ended;
    private int _endedCount;

    public WatermarkValve(int inputs)
    {
        _watermarks = new long[inputs];
        Array.Fill(_watermarks, long.MinValue);
        _idle = new bool[inputs];
        _ended = new bool[inputs];
    }

    /// <summary>The task's watermark, <see cref="long.MinValue"/> before any.</summary>
    public long Watermark { get; private set; } = long.MinValue;

    /// <summary>Whether the task's output is idle.</summary>
    public bool IsIdle { get; private set; }

    /// <summary>An input's watermark arrived.</summary>
    public WatermarkChange OnWatermark(int input, long watermark)
    {
        _watermarks[input] = Math.Max(_watermarks[input], watermark);
        return Update();
    }

    /// <summary>An input became idle.</summary>
    public WatermarkChange OnIdle(int input)
    {
        _idle[input] = true;
        return Update();
    }

    /// <summary>An input became active.</summary>
    public WatermarkChange OnActive(int input)
    {
        _idle[input] = false;
        return Update();
    }

    /// <summary>An input ended: it no longer holds back the watermark.</summary>
    public WatermarkChange OnEnd(int input)
    {
        if (!_ended[input])
        {
            _ended[input] = true;
            _idle[input] = false;
            _endedCount++;
        }

        return Update();
    }

    private WatermarkChange Update()
    {
        bool allEnded = _endedCount == _ended.Length;
        bool anyActive = false;
        bool anyAligned = false;
        long min = long.MaxValue;
        for (int i = 0; i < _watermarks.Length; i++)
        {
            if (_ended[i] || _idle[i])
            {
                continue;
            }

            anyActive = true;
            // An input that trails the task's watermark (it was idle while the others moved on) does
            // not hold it back until it has caught up.
            if (_watermarks[i] >= Watermark)
            {
                anyAligned = true;
                min = Math.Min(min, _watermarks[i]);
            }
        }

        WatermarkChange change = WatermarkChange.None;
        bool idle = !allEnded && !anyActive;
        if (IsIdle && !idle)
        {
            change |= WatermarkChange.Active;
        }

        long next = allEnded ? long.MaxValue : anyAligned ? min : Watermark;
        if (next > Watermark)
        {
            Watermark = next;
            change |= WatermarkChange.Advanced;
        }

        if (!IsIdle && idle)
        {
            change |= WatermarkChange.Idle;
        }

        IsIdle = idle;
        return change;
    }
}
