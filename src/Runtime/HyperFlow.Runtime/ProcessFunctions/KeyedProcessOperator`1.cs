using System.Runtime.CompilerServices;
using HyperFlow.Runtime.Execution;
using HyperFlow.Runtime.SideOutputs;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;
using HyperFlow.Timers;

namespace HyperFlow.Runtime.ProcessFunctions;

/// <summary>
/// The engine side of one subtask of a keyed process function: its keyed state store, its timers, the
/// contexts it hands to the function and its side outputs. Generated chains create one per
/// <see cref="ProcessAttribute"/> stage and call the function's methods themselves, so that the calls
/// are direct; this class only keeps what those calls share.
/// </summary>
/// <remarks>
/// The function's state lives in a store named after the operator uid; its timers (a
/// <see cref="TimerService{TKey, TNamespace}"/> with <see cref="VoidNamespace"/>) in a second store
/// named after the uid with <see cref="TimersSuffix"/>, created only for functions with an
/// <see cref="OnTimerAttribute"/> method. Single-threaded: the subtask's slot thread makes every call.
/// </remarks>
/// <typeparam name="TKey">The key type.</typeparam>
public sealed class KeyedProcessOperator<TKey>
    where TKey : notnull
{
    /// <summary>What the timers' store adds to the operator uid.</summary>
    public const string TimersSuffix = "-timers";

    private readonly ExecutionPlan _plan;
    private readonly string _function;
    private readonly string _operatorUid;
    private readonly TimerContext<TKey> _timerContext;
    private object[] _tags = [];
    private string[] _tagNames = [];
    private object[] _outputs = [];
    private long _watermark = long.MinValue;

    /// <summary>Creates the operator subtask's stores (state, and timers when the function has an [OnTimer] method) and contexts.</summary>
    /// <param name="plan">The job's execution plan.</param>
    /// <param name="operatorUid">The operator's uid: the name of its state in checkpoints.</param>
    /// <param name="subtask">The subtask index.</param>
    /// <param name="function">The function's name, for errors.</param>
    /// <param name="hasTimers">Whether the function has an [OnTimer] method.</param>
    public KeyedProcessOperator(ExecutionPlan plan, string operatorUid, int subtask, string function, bool hasTimers)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentException.ThrowIfNullOrEmpty(operatorUid);
        ArgumentException.ThrowIfNullOrEmpty(function);
        _plan = plan;
        _function = function;
        _operatorUid = operatorUid;
        Store = plan.CreateKeyedStore<TKey>(operatorUid, subtask);
        if (hasTimers)
        {
            Timers = new TimerService<TKey, VoidNamespace>(() => plan.CreateKeyedStore<TimerKey<TKey, VoidNamespace>>(operatorUid + TimersSuffix, subtask));
        }

        Context = new ProcessContext<TKey>(this);
        _timerContext = new TimerContext<TKey>(this);
    }

    /// <summary>The function's keyed state store: pass it to the function's constructor, which creates its state handles.</summary>
    public KeyedStateStore<TKey> Store { get; }

    /// <summary>The context of the event being processed.</summary>
    public ProcessContext<TKey> Context { get; }

    /// <summary>The time of the earliest pending processing-time timer; <see cref="long.MaxValue"/> when there is none.</summary>
    public long NextProcessingTime => Timers?.NextProcessingTime ?? long.MaxValue;

    /// <summary>The function's timers; null when it has no [OnTimer] method.</summary>
    internal TimerService<TKey, VoidNamespace>? Timers { get; }

    /// <summary>The operator's watermark, as last advanced.</summary>
    internal long Watermark => _watermark;

    /// <summary>Routes records the function emits to <paramref name="tag"/> into <paramref name="output"/>.</summary>
    /// <typeparam name="T">The side output's record type.</typeparam>
    /// <param name="tag">The tag the function emits to.</param>
    /// <param name="output">Where its records go.</param>
    public void AddSideOutput<T>(OutputTag<T> tag, SideOutput<T> output)
    {
        ArgumentNullException.ThrowIfNull(tag);
        ArgumentNullException.ThrowIfNull(output);
        _tags = [.. _tags, tag];
        _tagNames = [.. _tagNames, tag.Name];
        _outputs = [.. _outputs, output];
    }

    /// <summary>Makes <paramref name="key"/> current (in the store and the context) for an event, and returns the context to pass.</summary>
    /// <param name="key">The event's key.</param>
    /// <param name="keyHash">Its stable hash, <see cref="KeyHash.Of{TKey}(in TKey)"/>.</param>
    /// <param name="timestamp">The event's timestamp; <see cref="long.MinValue"/> when the stream has none.</param>
    /// <returns>The context.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ProcessContext<TKey> Enter(in TKey key, ulong keyHash, long timestamp)
    {
        Store.SetCurrentKey(key, keyHash);
        Context.Enter(key, keyHash, timestamp, timestamp);
        return Context;
    }

    /// <summary>Makes a timer's key current (in the store and the timer context), and returns the context to pass.</summary>
    /// <param name="key">The timer's key.</param>
    /// <param name="time">The timer's time.</param>
    /// <param name="domain">The timer's clock.</param>
    /// <returns>The timer context.</returns>
    public TimerContext<TKey> EnterTimer(in TKey key, long time, TimeDomain domain)
    {
        ulong keyHash = KeyHash.Of(key);
        Store.SetCurrentKey(key, keyHash);
        _timerContext.Enter(key, keyHash, time, domain);
        return _timerContext;
    }

    /// <summary>Opens a batch on the stores (see <see cref="KeyedStateStore.BeginBatch"/>).</summary>
    public void BeginBatch()
    {
        Store.BeginBatch();
        Timers?.Store.BeginBatch();
    }

    /// <summary>Closes the batch opened with <see cref="BeginBatch"/>.</summary>
    public void EndBatch()
    {
        Timers?.Store.EndBatch();
        Store.EndBatch();
    }

    /// <summary>Advances the watermark the contexts report, for a function without timers.</summary>
    /// <param name="watermark">The operator's new watermark.</param>
    public void AdvanceWatermark(long watermark) => _watermark = Math.Max(_watermark, watermark);

    /// <summary>Advances the watermark and fires the event-time timers at or before it, in order, into <paramref name="target"/>.</summary>
    /// <typeparam name="TTarget">The generated chain's timer target.</typeparam>
    /// <param name="watermark">The operator's new watermark.</param>
    /// <param name="target">What each timer calls.</param>
    public void AdvanceWatermark<TTarget>(long watermark, ref TTarget target)
        where TTarget : struct, ITimerTarget<TKey, VoidNamespace>
    {
        _watermark = Math.Max(_watermark, watermark);
        TimerService<TKey, VoidNamespace> timers = RequireTimers();
        if (timers.NextEventTime > _watermark)
        {
            return;
        }

        BeginBatch();
        try
        {
            timers.AdvanceWatermark(_watermark, ref target);
        }
        finally
        {
            EndBatch();
        }
    }

    /// <summary>Fires the processing-time timers at or before <paramref name="now"/>, in order, into <paramref name="target"/>.</summary>
    /// <typeparam name="TTarget">The generated chain's timer target.</typeparam>
    /// <param name="now">The processing time now, in Unix milliseconds.</param>
    /// <param name="target">What each timer calls.</param>
    public void AdvanceProcessingTime<TTarget>(long now, ref TTarget target)
        where TTarget : struct, ITimerTarget<TKey, VoidNamespace>
    {
        BeginBatch();
        try
        {
            RequireTimers().AdvanceProcessingTime(now, ref target);
        }
        finally
        {
            EndBatch();
        }
    }

    /// <summary>The processing time now, from the job's clock.</summary>
    internal long ProcessingTime() => _plan.ProcessingTime();

    internal TimerService<TKey, VoidNamespace> RequireTimers() => Timers ?? ThrowNoTimers();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Output<T>(OutputTag<T> tag, in T value, long timestamp)
    {
        object[] tags = _tags;
        for (int i = 0; i < tags.Length; i++)
        {
            if (ReferenceEquals(tags[i], tag))
            {
                // Registered together with its tag by AddSideOutput<T>, so it is a SideOutput<T>.
                Unsafe.As<SideOutput<T>>(_outputs[i]).Emit(in value, timestamp);
                return;
            }
        }

        OutputByName(tag, in value, timestamp);
    }

    // A tag created apart from the one the pipeline reads (same name): found by name, as Flink's
    // tags are equal by id. A tag the pipeline does not read drops the record, as in Flink.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OutputByName<T>(OutputTag<T> tag, in T value, long timestamp)
    {
        for (int i = 0; i < _tags.Length; i++)
        {
            if (!string.Equals(_tagNames[i], tag.Name, StringComparison.Ordinal))
            {
                continue;
            }

            if (_outputs[i] is not SideOutput<T> output)
            {
                throw new InvalidOperationException(
                    $"Process function '{_function}' (operator '{_operatorUid}' of job '{_plan.Graph.JobName}') emitted a {typeof(T).Name} to side output '{tag.Name}', but the pipeline reads that side output as another type. Give each side output one OutputTag field and use it in the function and the pipeline.");
            }

            output.Emit(in value, timestamp);
            return;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private TimerService<TKey, VoidNamespace> ThrowNoTimers()
        => throw new InvalidOperationException(
            $"Process function '{_function}' (operator '{_operatorUid}' of job '{_plan.Graph.JobName}') registered a timer but has no [OnTimer] method to fire it. Add '[OnTimer] public void OnTimer(long time, TimerContext<{typeof(TKey).Name}> context, Collector<TOut> output)' to the class.");
}
