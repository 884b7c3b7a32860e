using System.Runtime.CompilerServices;
using HyperFlow.Runtime.ProcessFunctions;

namespace HyperFlow;

/// <summary>
/// What a keyed process function sees while it handles an event (see <see cref="ProcessAttribute"/>):
/// the event's key and timestamp, the operator's watermark and the processing time, timers for the
/// key, and side outputs. As Apache Flink's <c>KeyedProcessFunction.Context</c> and its timer service.
/// </summary>
/// <remarks>
/// One context per operator subtask, reused for every event and valid only during the call: read it
/// there, do not keep it. Nothing on it allocates.
/// </remarks>
/// <typeparam name="TKey">The key type.</typeparam>
public class ProcessContext<TKey>
    where TKey : notnull
{
    private readonly KeyedProcessOperator<TKey> _operator;
    private TKey _key = default!;
    private ulong _keyHash;
    private long _timestamp;
    private long _outputTimestamp;

    internal ProcessContext(KeyedProcessOperator<TKey> op) => _operator = op;

    /// <summary>The key of the event (or timer) being handled.</summary>
    public TKey Key => _key;

    /// <summary>
    /// The event's timestamp; for a timer, the timer's time. <see cref="long.MinValue"/> when the
    /// stream has no timestamps (no <c>Timestamps(...)</c> upstream).
    /// </summary>
    public long Timestamp => _timestamp;

    /// <summary>The operator's current watermark (<see cref="long.MinValue"/> before the first).</summary>
    public long CurrentWatermark => _operator.Watermark;

    /// <summary>The processing time now: Unix milliseconds from the job's clock (<see cref="JobOptions.TimeProvider"/>).</summary>
    public long CurrentProcessingTime => _operator.ProcessingTime();

    /// <summary>
    /// Registers an event-time timer for the current key: the function's <see cref="OnTimerAttribute"/>
    /// method runs once the watermark reaches <paramref name="time"/>. A timer of the same key and
    /// time that is pending already is not added again.
    /// </summary>
    /// <param name="time">The event time to fire at.</param>
    /// <exception cref="InvalidOperationException">The function has no [OnTimer] method.</exception>
    public void RegisterEventTimeTimer(long time) => _operator.RequireTimers().RegisterEventTimeTimer(_key, _keyHash, default, time);

    /// <summary>
    /// Registers a processing-time timer for the current key: the [OnTimer] method runs once the
    /// job's clock reaches <paramref name="time"/> (Unix milliseconds). Deduplicated like event-time timers.
    /// </summary>
    /// <param name="time">The processing time to fire at.</param>
    /// <exception cref="InvalidOperationException">The function has no [OnTimer] method.</exception>
    public void RegisterProcessingTimeTimer(long time) => _operator.RequireTimers().RegisterProcessingTimeTimer(_key, _keyHash, default, time);

    /// <summary>Deletes the current key's pending event-time timer at <paramref name="time"/>; nothing happens when there is none.</summary>
    /// <param name="time">The timer's time.</param>
    public void DeleteEventTimeTimer(long time) => _operator.Timers?.DeleteEventTimeTimer(_key, _keyHash, default, time);

    /// <summary>Deletes the current key's pending processing-time timer at <paramref name="time"/>; nothing happens when there is none.</summary>
    /// <param name="time">The timer's time.</param>
    public void DeleteProcessingTimeTimer(long time) => _operator.Timers?.DeleteProcessingTimeTimer(_key, _keyHash, default, time);

    /// <summary>
    /// Emits a record to a side output, with the timestamp the main output's records get now. A tag
    /// the pipeline does not read with <c>SideOutput(tag, ...)</c> after this function drops the
    /// record (the compiler warns about such tags, HF0038), as in Apache Flink.
    /// </summary>
    /// <typeparam name="T">The side output's record type.</typeparam>
    /// <param name="tag">The side output.</param>
    /// <param name="value">The record.</param>
    public void Output<T>(OutputTag<T> tag, in T value)
    {
        ArgumentNullException.ThrowIfNull(tag);
        _operator.Output(tag, in value, _outputTimestamp);
    }

    /// <summary>Makes the context that of an event or timer; the timestamp given to outputs follows from it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Enter(in TKey key, ulong keyHash, long timestamp, long outputTimestamp)
    {
        _key = key;
        _keyHash = keyHash;
        _timestamp = timestamp;
        _outputTimestamp = outputTimestamp;
    }
}
