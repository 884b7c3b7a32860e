using System.Diagnostics;

namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>
/// Watches one slot thread through its source's reads (<see cref="MeteredSource{T}"/>): when the data path
/// ran (first read to end of input), every pause between two reads longer than a threshold (the slot was
/// doing something other than moving events: a snapshot copy, a garbage collection, or it lost its CPU), the
/// garbage-collection pause inside each, the barrier injections, and the thread's scheduler counters.
/// Written on the slot thread only; read once the job has ended.
/// </summary>
/// <param name="stallThreshold">The shortest pause between two reads counted as a stall.</param>
internal sealed class SlotMeter(TimeSpan stallThreshold)
{
    // The first stall that starts this soon after a barrier injection is the capture of that checkpoint: with one slot
    // the barrier reaches the keyed chain behind the events already in its input ring (a few thousand, well under 1 ms).
    private static readonly long s_barrierWindow = Stopwatch.Frequency / 200;

    private readonly long _threshold = (long)(stallThreshold.TotalSeconds * Stopwatch.Frequency);
    private readonly List<Stall> _stalls = [];
    private readonly List<long> _barriers = [];
    private long _lastReturn;
    private bool _barrierUnmatched;
    private TimeSpan _lastPause;
    private SlotThreadStat _startStat;
    private SlotThreadStat _endStat;
    private TimeSpan _startGcPause;
    private TimeSpan _endGcPause;
    private TimeSpan _startProcessCpu;
    private TimeSpan _endProcessCpu;

    /// <summary>Stopwatch timestamp of the first read; 0 before it.</summary>
    public long FirstReadAt { get; private set; }

    /// <summary>Stopwatch timestamp of the read that found the input ended; 0 before it.</summary>
    public long EndedAt { get; private set; }

    /// <summary>The stalls, in order.</summary>
    public IReadOnlyList<Stall> Stalls => _stalls;

    /// <summary>Stopwatch timestamps of the barrier injections (source positions taken), in order.</summary>
    public IReadOnlyList<long> Barriers => _barriers;

    /// <summary>The slot thread's scheduler counters from the first read to the end of input.</summary>
    public SlotThreadStat Thread => _endStat.Since(_startStat);

    /// <summary>Garbage-collection pauses from the first read to the end of input.</summary>
    public TimeSpan GcPause => _endGcPause - _startGcPause;

    /// <summary>CPU time of the whole process (every thread) from the first read to the end of input.</summary>
    public TimeSpan ProcessCpu => _endProcessCpu - _startProcessCpu;

    /// <summary>The data path's time: first read to end of input.</summary>
    public TimeSpan DataPath => EndedAt == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(FirstReadAt, EndedAt);

    /// <summary>Called by the reader before each read.</summary>
    public void BeforeRead()
    {
        long now = Stopwatch.GetTimestamp();
        TimeSpan pause = GC.GetTotalPauseDuration();
        if (FirstReadAt == 0)
        {
            _startStat = SlotThreadStat.OfCurrentThread();
            _startProcessCpu = Environment.CpuUsage.TotalTime;
            _startGcPause = pause;
            FirstReadAt = Stopwatch.GetTimestamp();
        }
        else if (now - _lastReturn > _threshold)
        {
            bool afterBarrier = _barrierUnmatched && _lastReturn - _barriers[^1] <= s_barrierWindow;
            _barrierUnmatched = false;
            _stalls.Add(new Stall(_lastReturn, Stopwatch.GetElapsedTime(_lastReturn, now).TotalMilliseconds, (pause - _lastPause).TotalMilliseconds, afterBarrier));
        }

        _lastPause = pause;
    }

    /// <summary>Called by the reader after each read.</summary>
    /// <param name="ended">Whether the read found the input ended.</param>
    public void AfterRead(bool ended)
    {
        _lastReturn = Stopwatch.GetTimestamp();
        if (ended && EndedAt == 0)
        {
            EndedAt = _lastReturn;
            _endStat = SlotThreadStat.OfCurrentThread();
            _endProcessCpu = Environment.CpuUsage.TotalTime;
            _endGcPause = GC.GetTotalPauseDuration();
        }
    }

    /// <summary>Called by the reader when it reports its position for a checkpoint (as it injects the barrier).</summary>
    public void Barrier()
    {
        _barriers.Add(Stopwatch.GetTimestamp());
        _barrierUnmatched = true;
    }
}
