using System.Runtime.InteropServices;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;
using HyperFlow.Timers;

namespace HyperFlow.Windows;

/// <summary>
/// The general window operator, as Flink's <c>WindowOperator</c>: any <see cref="WindowAssigner"/>
/// (tumbling, sliding, session with a static or dynamic gap, global; event or processing time), any
/// <see cref="WindowTrigger{TIn}"/>, an incremental fold or a process function over the buffered
/// elements, allowed lateness with late firings, and late elements to a side output or counted in
/// <see cref="LateDropped"/>. Create it with <see cref="WindowOperator"/>. For tumbling and sliding
/// event-time windows with the default trigger and a fold, <see cref="AlignedWindowOperator{TKey, TIn, TAcc, TOut, TFold}"/>
/// is much faster.
/// </summary>
/// <remarks>
/// <para>State is kept per key and window in the store (key <see cref="WindowKey{TKey}"/>): the
/// contents (state <c>window-contents</c>), the trigger's state, and for session windows each key's
/// windows (state <see cref="SessionsStateName"/>), which merge as Flink's <c>MergingWindowSet</c> does;
/// merged windows' contents move into the window they merge into. Timers (the trigger's, and one per
/// window at its cleanup time) are in a <see cref="TimerService{TKey, TNamespace}"/> with the window as
/// namespace. Both are checkpointed; the operator keeps no other index, so nothing needs rebuilding
/// after a restore beyond what the timer service does.</para>
/// <para>Results carry the timestamp <see cref="TimeWindow.MaxTimestamp"/>. Not thread-safe: it runs on
/// its subtask's slot thread, and the timer service's timers fire through it.</para>
/// </remarks>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TIn">The element type.</typeparam>
/// <typeparam name="TOut">The result type.</typeparam>
public sealed class WindowOperator<TKey, TIn, TOut>
    where TKey : notnull
{
    /// <summary>The name of the state that holds each key's session windows (merging assigners only).</summary>
    public const string SessionsStateName = "window-sessions";

    private readonly KeyedStateStore<WindowKey<TKey>> _store;
    private readonly TimerService<TKey, TimeWindow> _timers;
    private readonly WindowAssigner _windows;
    private readonly WindowTrigger<TIn> _trigger;
    private readonly WindowContents<TKey, TIn, TOut> _contents;
    private readonly IWindowOutput<TKey, TOut> _output;
    private readonly ILateElementOutput<TIn>? _lateOutput;
    private readonly ListState<TimeWindow>? _sessions;
    private readonly OperatorTriggerContext<TKey> _context;
    private readonly TimeProvider _clock;
    private readonly long _lateness;
    private readonly bool _eventTime;

    // Reused per element: the windows assigned, and a key's sessions while they are edited.
    private readonly List<TimeWindow> _assigned = [];
    private readonly List<TimeWindow> _keySessions = [];
    private readonly List<TimeWindow> _mergeScratch = [];
    private readonly List<TimeWindow> _merged = [];

    private long _watermark;
    private long _lateDropped;

    internal WindowOperator(
        KeyedStateStore<WindowKey<TKey>> store,
        TimerService<TKey, TimeWindow> timers,
        WindowAssigner windows,
        Func<KeyedStateStore<WindowKey<TKey>>, WindowContents<TKey, TIn, TOut>> contents,
        IWindowOutput<TKey, TOut> output,
        WindowTrigger<TIn>? trigger,
        TimeSpan allowedLateness,
        ILateElementOutput<TIn>? lateOutput,
        long watermark)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timers);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(allowedLateness, TimeSpan.Zero);
        _store = store;
        _timers = timers;
        _windows = windows;
        _eventTime = windows.IsEventTime;
        _trigger = trigger ?? windows switch
        {
            GlobalWindows => new NeverTrigger<TIn>(),
            { IsEventTime: true } => new EventTimeTrigger<TIn>(),
            _ => new ProcessingTimeTrigger<TIn>(),
        };
        _contents = contents(store);
        if (windows.IsMerging)
        {
            if (!_trigger.CanMerge)
            {
                throw new ArgumentException($"Session windows of {store.Context.Describe()} merge, and trigger {_trigger.GetType().Name} cannot; use a trigger whose CanMerge is true.", nameof(trigger));
            }

            if (!_contents.CanMerge)
            {
                throw new ArgumentException($"Session windows of {store.Context.Describe()} merge their accumulators, and the fold cannot merge; use MergingAggregateFold with an IMergingAggregateFunction, or ReduceFold.", nameof(windows));
            }

            _sessions = store.GetListState(new ListStateDescriptor<TimeWindow>(SessionsStateName));
        }

        _output = output;
        _lateOutput = lateOutput;
        _lateness = allowedLateness.Ticks / TimeSpan.TicksPerMillisecond;
        _clock = store.Context.Clock;
        _watermark = watermark;
        _context = new OperatorTriggerContext<TKey>(store, timers, _clock) { Watermark = watermark };
    }

    /// <summary>The operator's current watermark (what to checkpoint with its keyed state).</summary>
    public long Watermark => _watermark;

    /// <summary>
    /// Elements dropped because they were later than the allowed lateness and there is no late side
    /// output. The engine reports it as the metric <c>hyperflow.window.late_dropped</c>.
    /// </summary>
    public long LateDropped => _lateDropped;

    /// <summary>
    /// Adds an element to its key's windows: event-time windows by <paramref name="timestamp"/>,
    /// processing-time windows by the clock of the store's context.
    /// </summary>
    /// <param name="key">The element's key.</param>
    /// <param name="value">The element.</param>
    /// <param name="timestamp">Its event timestamp, in milliseconds.</param>
    public void Add(TKey key, in TIn value, long timestamp)
    {
        ulong hash = KeyHash.Of(key);
        _assigned.Clear();
        _windows.AssignWindows(value, _eventTime ? timestamp : ProcessingTime, _assigned);
        bool skipped = _sessions is null ? AddToWindows(key, hash, value, timestamp) : AddToSessions(key, hash, value, timestamp);
        if (skipped && _eventTime && timestamp <= long.MaxValue - _lateness && timestamp + _lateness <= _watermark)
        {
            if (_lateOutput is null)
            {
                _lateDropped++;
            }
            else
            {
                _lateOutput.Emit(value, timestamp);
            }
        }
    }

    /// <summary>Advances the watermark and fires the event-time timers it reaches (window firings and cleanups).</summary>
    /// <param name="watermark">The new watermark; one not above the current one is ignored.</param>
    public void AdvanceWatermark(long watermark)
    {
        if (watermark <= _watermark)
        {
            return;
        }

        _watermark = watermark;
        _context.Watermark = watermark;
        var target = new WindowTimerTarget<TKey, TIn, TOut>(this);
        _timers.AdvanceWatermark(watermark, ref target);
    }

    /// <summary>Fires the processing-time timers up to <paramref name="now"/> (the task slot calls it when the clock reaches <see cref="TimerService{TKey, TNamespace}.NextProcessingTime"/>).</summary>
    /// <param name="now">The processing time now, in Unix milliseconds.</param>
    public void AdvanceProcessingTime(long now)
    {
        var target = new WindowTimerTarget<TKey, TIn, TOut>(this);
        _timers.AdvanceProcessingTime(now, ref target);
    }

    internal void OnTimer(in TKey key, TimeWindow window, long time, TimeDomain domain)
    {
        ulong hash = KeyHash.Of(key);
        if (_sessions is not null)
        {
            LoadSessions(key, hash);
            if (!_keySessions.Contains(window))
            {
                // The window merged into another, or is gone: its timers no longer matter.
                return;
            }
        }

        Bind(key, hash, window);
        TriggerResult result = domain == TimeDomain.EventTime
            ? _trigger.OnEventTime(time, window, _context)
            : _trigger.OnProcessingTime(time, window, _context);
        Apply(result, key, hash, window);
        if ((domain == TimeDomain.EventTime) == _eventTime && time == CleanupTime(window))
        {
            ClearAllState(key, hash, window);
        }
    }

    private long ProcessingTime => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    // Non-merging windows: each assigned window that is not cleaned up takes the element. Returns whether none did.
    private bool AddToWindows(TKey key, ulong hash, in TIn value, long timestamp)
    {
        bool skipped = true;
        foreach (TimeWindow window in _assigned)
        {
            if (IsLate(window))
            {
                continue;
            }

            skipped = false;
            AddToWindow(key, hash, window, value, timestamp);
        }

        return skipped;
    }

    // Session windows: the new window merges with the key's windows it touches (Flink's MergingWindowSet.addWindow).
    private bool AddToSessions(TKey key, ulong hash, in TIn value, long timestamp)
    {
        LoadSessions(key, hash);
        bool skipped = true;
        foreach (TimeWindow window in _assigned)
        {
            TimeWindow actual = AddSession(key, hash, window);
            if (IsLate(actual))
            {
                _keySessions.Remove(actual);
                continue;
            }

            skipped = false;
            AddToWindow(key, hash, actual, value, timestamp);
        }

        _store.SetCurrentKey(new WindowKey<TKey>(key, default(TimeWindow)), hash);
        _sessions!.Update(CollectionsMarshal.AsSpan(_keySessions));
        return skipped;
    }

    private void AddToWindow(TKey key, ulong hash, TimeWindow window, in TIn value, long timestamp)
    {
        Bind(key, hash, window);
        _contents.Add(value);
        TriggerResult result = _trigger.OnElement(value, timestamp, window, _context);
        Apply(result, key, hash, window);
        long cleanup = CleanupTime(window);
        if (cleanup != long.MaxValue)
        {
            if (_eventTime)
            {
                _timers.RegisterEventTimeTimer(key, hash, window, cleanup);
            }
            else
            {
                _timers.RegisterProcessingTimeTimer(key, hash, window, cleanup);
            }
        }
    }

    private TimeWindow AddSession(TKey key, ulong hash, TimeWindow window)
    {
        // Sort the key's windows and the new one by start; sweep, merging those that touch.
        _mergeScratch.Clear();
        _mergeScratch.AddRange(_keySessions);
        _mergeScratch.Add(window);
        _mergeScratch.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        TimeWindow result = window;
        bool mergedNew = false;
        int i = 0;
        while (i < _mergeScratch.Count)
        {
            TimeWindow cover = _mergeScratch[i];
            int first = i++;
            while (i < _mergeScratch.Count && cover.Intersects(_mergeScratch[i]))
            {
                cover = cover.Cover(_mergeScratch[i++]);
            }

            if (i - first < 2)
            {
                continue;
            }

            _merged.Clear();
            for (int m = first; m < i; m++)
            {
                _merged.Add(_mergeScratch[m]);
            }

            if (_merged.Remove(window))
            {
                mergedNew = true;
                result = cover;
            }

            foreach (TimeWindow gone in _merged)
            {
                _keySessions.Remove(gone);
            }

            _keySessions.Add(cover);
            if (!(_merged.Count == 1 && _merged[0] == cover))
            {
                MergeWindows(key, hash, cover, _merged);
            }
        }

        if (!mergedNew)
        {
            _keySessions.Add(window);
        }

        return result;
    }

    // Flink's merge function: the trigger merges its timers and state, the merged windows' triggers and
    // cleanup timers go, and their contents move into the new window.
    private void MergeWindows(TKey key, ulong hash, TimeWindow target, List<TimeWindow> merged)
    {
        Bind(key, hash, target, merged);
        _trigger.OnMerge(target, _context);
        foreach (TimeWindow gone in merged)
        {
            Bind(key, hash, gone);
            _trigger.Clear(gone, _context);
            long cleanup = CleanupTime(gone);
            if (_eventTime)
            {
                _timers.DeleteEventTimeTimer(key, hash, gone, cleanup);
            }
            else
            {
                _timers.DeleteProcessingTimeTimer(key, hash, gone, cleanup);
            }
        }

        _contents.Merge(_store, key, hash, target, merged);
    }

    private void Apply(TriggerResult result, TKey key, ulong hash, TimeWindow window)
    {
        if (result == TriggerResult.Continue)
        {
            return;
        }

        // The trigger may have moved the current key (merging state): point it back at the window.
        _store.SetCurrentKey(new WindowKey<TKey>(key, window), hash);
        if (result is TriggerResult.Fire or TriggerResult.FireAndPurge)
        {
            _contents.Emit(key, new WindowContext(window, _watermark, ProcessingTime), _output);
        }

        if (result is TriggerResult.Purge or TriggerResult.FireAndPurge)
        {
            _contents.Clear();
        }
    }

    private void ClearAllState(TKey key, ulong hash, TimeWindow window)
    {
        Bind(key, hash, window);
        _contents.Clear();
        _trigger.Clear(window, _context);
        if (_sessions is not null)
        {
            LoadSessions(key, hash);
            _keySessions.Remove(window);
            _store.SetCurrentKey(new WindowKey<TKey>(key, default(TimeWindow)), hash);
            _sessions.Update(CollectionsMarshal.AsSpan(_keySessions));
        }
    }

    private void Bind(TKey key, ulong hash, TimeWindow window, List<TimeWindow>? merged = null)
    {
        _store.SetCurrentKey(new WindowKey<TKey>(key, window), hash);
        _context.Bind(key, hash, window, merged);
    }

    private void LoadSessions(TKey key, ulong hash)
    {
        _store.SetCurrentKey(new WindowKey<TKey>(key, default(TimeWindow)), hash);
        _keySessions.Clear();
        _keySessions.AddRange(_sessions!.Get());
    }

    private bool IsLate(TimeWindow window) => _eventTime && CleanupTime(window) <= _watermark;

    // When a window's state goes: event time, its last timestamp plus the allowed lateness (saturated);
    // processing time, its last timestamp; never for the global window.
    private long CleanupTime(TimeWindow window)
    {
        if (window.End == long.MaxValue)
        {
            return long.MaxValue;
        }

        long maxTimestamp = window.MaxTimestamp;
        return !_eventTime ? maxTimestamp : maxTimestamp > long.MaxValue - _lateness ? long.MaxValue : maxTimestamp + _lateness;
    }
}
