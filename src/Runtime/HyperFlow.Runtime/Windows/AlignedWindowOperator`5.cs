using System.Runtime.CompilerServices;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;

namespace HyperFlow.Windows;

/// <summary>
/// The event-time window operator for tumbling and sliding windows with an incremental fold (aggregate
/// or reduce) and Flink's default event-time trigger: the fast path. Time is cut into slices of
/// <c>gcd(size, slide)</c>; an element updates one accumulator, that of its key and slice, and a window
/// merges its slices when it fires. A watermark fires every due window for all keys at once.
/// </summary>
/// <remarks>
/// <para>Semantics are Flink's <c>WindowOperator</c> with an <c>EventTimeTrigger</c>: a window fires when
/// the watermark reaches its <see cref="TimeWindow.MaxTimestamp"/> (<c>End − 1</c>), and its results carry
/// that timestamp; an element for a window that fired already but whose cleanup time
/// (<c>End − 1 + allowedLateness</c>) the watermark has not reached fires the window again with the
/// updated value (a late firing); an element all of whose windows are cleaned up goes to the late side
/// output, or, without one, is counted in <see cref="LateDropped"/>. For sliding windows the fold must
/// give the same result in any order of the elements (slices merge in time order).</para>
/// <para>Per element: one table probe for (key, slice) in the in-memory backend, called on its sealed
/// state type, with no allocation; through the state handle for other backends. State lives in the
/// keyed-state store (key <see cref="SliceKey{TKey}"/>, state <see cref="StateName"/>), so checkpoints
/// carry it; the in-memory index of which keys have which slices is rebuilt from the store when the
/// operator is created over a restored store.</para>
/// <para>Timestamps must stay two window sizes away from <see cref="long.MinValue"/> and
/// <see cref="long.MaxValue"/>. Not thread-safe: it runs on its subtask's slot thread.</para>
/// </remarks>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TIn">The element type.</typeparam>
/// <typeparam name="TAcc">The accumulator type.</typeparam>
/// <typeparam name="TOut">The result type.</typeparam>
/// <typeparam name="TFold">The fold, a struct (see <see cref="IWindowFold{TIn, TAcc, TOut}"/>).</typeparam>
public sealed class AlignedWindowOperator<TKey, TIn, TAcc, TOut, TFold>
    where TKey : notnull
    where TFold : struct, IWindowFold<TIn, TAcc, TOut>
{
    /// <summary>The name of the keyed state that holds the accumulators, one per key and slice.</summary>
    public const string StateName = "window-slices";

    private readonly KeyedStateStore<SliceKey<TKey>> _store;
    private readonly AggregatingState<TIn, WindowCell<TAcc>> _state;
    private readonly InMemoryAggregatingState<SliceKey<TKey>, TIn, WindowCell<TAcc>, WindowCell<TAcc>, WindowCellFold<TIn, TAcc, TOut, TFold>>? _inMemory;
    private readonly InMemoryAccumulators<SliceKey<TKey>, WindowCell<TAcc>> _accumulators;
    private readonly IWindowOutput<TKey, TOut> _output;
    private readonly ILateElementOutput<TIn>? _lateOutput;
    private readonly long _size;
    private readonly long _slide;
    private readonly long _slice;
    private readonly long _offset;
    private readonly long _endPhase;
    private readonly long _lateness;
    private readonly long _minTimestamp;
    private readonly long _maxTimestamp;

    // Live slices by end; slices by cleanup time; window ends still to fire on time.
    private readonly Dictionary<long, SliceKeys<TKey>> _slices = [];
    private readonly PriorityQueue<SliceKeys<TKey>, long> _cleanups = new();
    private readonly SortedSet<long> _pendingEnds = [];
    private readonly Stack<SliceKeys<TKey>> _pool = new();

    // Reused when a window fires: the ends of its live slices, and the union of their keys.
    private readonly List<long> _windowSlices = [];
    private readonly HashSet<TKey> _union = [];
    private readonly List<TKey> _unionKeys = [];

    // The slice of the last on-time element: later elements in it take the fast path. Length 0: none.
    private long _cachedStart;
    private ulong _cachedLength;
    // _cachedLength when the state is in memory (Add's fast path probes the accumulators), else 0.
    private ulong _fastLength;
    private long _cachedEnd;
    private SliceKeys<TKey>? _cached;

    private long _watermark;
    private long _lateDropped;
    private int _slowAdds;

    /// <summary>
    /// Creates the operator over its subtask's keyed-state store. To restore, restore the store first
    /// and pass the watermark the operator had at the checkpoint (<see cref="Watermark"/>): the index of
    /// slices and the windows still to fire are rebuilt from the store.
    /// </summary>
    /// <param name="store">The subtask's store, keyed by <see cref="SliceKey{TKey}"/>; the operator registers <see cref="StateName"/> in it.</param>
    /// <param name="windows">Event-time <see cref="TumblingWindows"/> or <see cref="SlidingWindows"/>.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="allowedLateness">How long after a window fires late elements still update it (zero by default).</param>
    /// <param name="lateOutput">Where elements later than that go; <c>null</c> counts them in <see cref="LateDropped"/>.</param>
    /// <param name="watermark">The operator's watermark when its state was checkpointed; <see cref="long.MinValue"/> for a new operator.</param>
    /// <exception cref="ArgumentException">The windows are not event-time tumbling or sliding windows, or the fold cannot merge the slices of sliding windows.</exception>
    public AlignedWindowOperator(
        KeyedStateStore<SliceKey<TKey>> store,
        WindowAssigner windows,
        IWindowOutput<TKey, TOut> output,
        TimeSpan allowedLateness = default,
        ILateElementOutput<TIn>? lateOutput = null,
        long watermark = long.MinValue)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(allowedLateness, TimeSpan.Zero);
        (_size, _slide, _offset) = windows switch
        {
            TumblingWindows { IsEventTime: true } t => (t.Size, t.Size, t.Offset),
            SlidingWindows { IsEventTime: true } s => (s.Size, s.Slide, s.Offset),
            _ => throw new ArgumentException($"The aligned window operator of {store.Context.Describe()} takes event-time tumbling or sliding windows, not {windows}; use WindowOperator for session, global and processing-time windows or custom triggers.", nameof(windows)),
        };
        _slice = Gcd(_size, _slide);
        if (_slice != _size && !default(TFold).CanMerge)
        {
            throw new ArgumentException($"Sliding windows merge the accumulators of their slices, and fold {typeof(TFold).Name} of {store.Context.Describe()} cannot merge; use MergingAggregateFold with an IMergingAggregateFunction, or ReduceFold.", nameof(windows));
        }

        _endPhase = FloorMod(_offset + _size, _slide);
        _lateness = allowedLateness.Ticks / TimeSpan.TicksPerMillisecond;
        _minTimestamp = long.MinValue + (2 * _size);
        _maxTimestamp = long.MaxValue - (2 * _size);
        _store = store;
        _output = output;
        _lateOutput = lateOutput;
        _watermark = watermark;

        WindowCellSerializer<TAcc>.RegisterIfNeeded();
        _state = store.GetAggregatingState(new AggregatingStateDescriptor<TIn, WindowCell<TAcc>, WindowCell<TAcc>, WindowCellFold<TIn, TAcc, TOut, TFold>>(StateName));
        _inMemory = _state as InMemoryAggregatingState<SliceKey<TKey>, TIn, WindowCell<TAcc>, WindowCell<TAcc>, WindowCellFold<TIn, TAcc, TOut, TFold>>;
        _accumulators = _inMemory?.Accumulators ?? default;
        foreach (SliceKey<TKey> restored in store.KeysOf(StateName))
        {
            SliceOf(restored.End).Keys.Add(restored.Key);
        }
    }

    /// <summary>The operator's current watermark (what to checkpoint with its keyed state).</summary>
    public long Watermark => _watermark;

    /// <summary>
    /// Elements dropped because they were later than the allowed lateness and there is no late side
    /// output. The engine reports it as the metric <c>hyperflow.window.late_dropped</c>.
    /// </summary>
    public long LateDropped => _lateDropped;

    /// <summary>The number of live slices (each holds one accumulator per key that has elements in it).</summary>
    public int SliceCount => _slices.Count;

    /// <summary>Adds an element to its key's windows.</summary>
    /// <param name="key">The element's key.</param>
    /// <param name="value">The element.</param>
    /// <param name="timestamp">Its event timestamp, in milliseconds.</param>
    /// <exception cref="ArgumentOutOfRangeException">The timestamp is within two window sizes of the ends of the <see cref="long"/> range.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(TKey key, in TIn value, long timestamp)
    {
        // The common case: the element is in the slice of the previous one, its windows are on time, and the
        // state is in memory: one probe of the accumulators' table. Its write is counted by EndBatch (an
        // increment of the store's counter per element, a chain through memory, cost about a nanosecond).
        if ((ulong)(timestamp - _cachedStart) < _fastLength)
        {
            ref WindowCell<TAcc> cell = ref _accumulators.GetOrAdd(new SliceKey<TKey>(key, _cachedEnd));
            if (cell.Count != 0)
            {
                default(TFold).Add(ref cell.Value, value);
                cell.Count++;
                return;
            }

            cell.Value = default(TFold).First(value);
            cell.Count = 1;
            _cached!.Keys.Add(key);
            return;
        }

        AddSlow(key, value, timestamp);
    }

    /// <summary>
    /// Ends a batch of calls to <see cref="Add"/>: counts the writes of the elements that went into the
    /// cached slice of the in-memory backend in the store's statistics (the others were counted as they
    /// were written). Without it the store's <see cref="StateStatistics.Writes"/> misses those writes;
    /// the results are the same.
    /// </summary>
    /// <param name="elements">The number of calls to <see cref="Add"/> since the last batch ended.</param>
    public void EndBatch(int elements)
    {
        _inMemory?.CountWrites(elements - _slowAdds);
        _slowAdds = 0;
    }

    /// <summary>
    /// Advances the watermark: fires every window whose <see cref="TimeWindow.MaxTimestamp"/> it reaches,
    /// for every key with elements in it, then removes the slices all of whose windows are past their
    /// cleanup time. A watermark not above the current one is ignored.
    /// </summary>
    /// <param name="watermark">The new watermark (<see cref="long.MaxValue"/> at the end of input fires and removes everything).</param>
    public void AdvanceWatermark(long watermark)
    {
        if (watermark <= _watermark)
        {
            return;
        }

        _watermark = watermark;
        while (_pendingEnds.Count > 0)
        {
            long end = _pendingEnds.Min;
            if (end - 1 > watermark)
            {
                break;
            }

            _pendingEnds.Remove(end);
            FireWindow(end);
        }

        while (_cleanups.TryPeek(out SliceKeys<TKey>? slice, out long cleanupTime) && cleanupTime <= watermark)
        {
            _cleanups.Dequeue();
            CleanUp(slice);
        }

        if (_cachedLength != 0 && FirstWindowEnd(_cachedEnd) - 1 <= watermark)
        {
            _cachedLength = 0;
            _fastLength = 0;
            _cached = null;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AddSlow(TKey key, in TIn value, long timestamp)
    {
        _slowAdds++;
        if ((ulong)(timestamp - _cachedStart) < _cachedLength)
        {
            AddTo(_cached!, key, value);
            return;
        }

        if (timestamp < _minTimestamp || timestamp > _maxTimestamp)
        {
            throw new ArgumentOutOfRangeException(nameof(timestamp), timestamp, $"Timestamp {timestamp} of an element for key '{key}' in {_store.Context.Describe()} is too close to the ends of the long range for windows of {_size} ms; timestamps are milliseconds.");
        }

        long sliceStart = TimeWindow.StartOf(timestamp, _offset, _slice);
        long sliceEnd = sliceStart + _slice;
        long lastEnd = LastWindowEnd(sliceStart);
        if (CleanupTime(lastEnd) <= _watermark)
        {
            // Every window of the element is cleaned up: it is skipped, hence late (Flink's rule).
            if (IsLate(timestamp))
            {
                EmitLate(value, timestamp);
            }

            return;
        }

        SliceKeys<TKey> slice = SliceOf(sliceEnd);
        long firstEnd = FirstWindowEnd(sliceEnd);
        if (firstEnd - 1 > _watermark)
        {
            // On time: every window of the slice fires later. Cache it for the next elements.
            _cachedStart = sliceStart;
            _cachedEnd = sliceEnd;
            _cachedLength = (ulong)_slice;
            _fastLength = _accumulators.IsAttached ? _cachedLength : 0;
            _cached = slice;
            AddTo(slice, key, value);
            return;
        }

        AddTo(slice, key, value);

        // Windows the watermark has passed but not their cleanup time fire again, with this element.
        ulong hash = KeyHash.Of(key);
        for (long end = firstEnd; end <= lastEnd && end - 1 <= _watermark; end += _slide)
        {
            if (CleanupTime(end) > _watermark)
            {
                CollectLiveSlices(end);
                FireKey(key, hash, end);
            }
        }
    }

    private void AddTo(SliceKeys<TKey> slice, TKey key, in TIn value)
    {
        var windowKey = new SliceKey<TKey>(key, slice.End);
        WindowCell<TAcc> cell;
        if (_inMemory is { } inMemory)
        {
            cell = inMemory.AddAndGet(windowKey, value);
        }
        else
        {
            _store.SetCurrentKey(windowKey, KeyHash.Of(key));
            cell = _state.AddAndGet(value);
        }

        if (cell.Count == 1)
        {
            slice.Keys.Add(key);
        }
    }

    private void EmitLate(in TIn value, long timestamp)
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

    // The slice with this end, created (and its windows scheduled) if it has no entries yet.
    private SliceKeys<TKey> SliceOf(long sliceEnd)
    {
        if (_slices.TryGetValue(sliceEnd, out SliceKeys<TKey>? slice))
        {
            return slice;
        }

        slice = _pool.TryPop(out SliceKeys<TKey>? pooled) ? pooled : new SliceKeys<TKey>();
        slice.End = sliceEnd;
        _slices.Add(sliceEnd, slice);
        long lastEnd = LastWindowEnd(sliceEnd - _slice);
        _cleanups.Enqueue(slice, CleanupTime(lastEnd));
        for (long end = FirstWindowEnd(sliceEnd); end <= lastEnd; end += _slide)
        {
            if (end - 1 > _watermark)
            {
                _pendingEnds.Add(end);
            }
        }

        return slice;
    }

    private void FireWindow(long end)
    {
        CollectLiveSlices(end);
        if (_windowSlices.Count == 1)
        {
            // Tumbling windows (and sliding ones with one live slice): the slice's keys are the window's.
            foreach (TKey key in _slices[_windowSlices[0]].Keys)
            {
                FireKey(key, KeyHash.Of(key), end);
            }

            return;
        }

        foreach (long sliceEnd in _windowSlices)
        {
            foreach (TKey key in _slices[sliceEnd].Keys)
            {
                if (_union.Add(key))
                {
                    _unionKeys.Add(key);
                }
            }
        }

        foreach (TKey key in _unionKeys)
        {
            FireKey(key, KeyHash.Of(key), end);
        }

        _union.Clear();
        _unionKeys.Clear();
    }

    // The ends of the live slices of the window ending at `end`, in time order, into _windowSlices.
    private void CollectLiveSlices(long end)
    {
        _windowSlices.Clear();
        for (long sliceEnd = end - _size + _slice; sliceEnd <= end; sliceEnd += _slice)
        {
            if (_slices.ContainsKey(sliceEnd))
            {
                _windowSlices.Add(sliceEnd);
            }
        }
    }

    // Merges the key's accumulators over the slices in _windowSlices and emits the window's result.
    private void FireKey(TKey key, ulong hash, long end)
    {
        bool any = false;
        TAcc accumulator = default!;
        foreach (long sliceEnd in _windowSlices)
        {
            _store.SetCurrentKey(new SliceKey<TKey>(key, sliceEnd), hash);
            if (_state.TryGet(out WindowCell<TAcc> cell))
            {
                accumulator = any ? default(TFold).Merge(accumulator, cell.Value) : cell.Value;
                any = true;
            }
        }

        if (any)
        {
            _output.Emit(new WindowResult<TKey, TOut>(key, new TimeWindow(end - _size, end), default(TFold).Result(accumulator)));
        }
    }

    private void CleanUp(SliceKeys<TKey> slice)
    {
        foreach (TKey key in slice.Keys)
        {
            _store.SetCurrentKey(new SliceKey<TKey>(key, slice.End), KeyHash.Of(key));
            _state.Clear();
        }

        _slices.Remove(slice.End);
        slice.Keys.Clear();
        _pool.Push(slice);
    }

    // The end of the first window that holds the slice ending at sliceEnd.
    private long FirstWindowEnd(long sliceEnd) => sliceEnd + FloorMod(_endPhase - sliceEnd, _slide);

    // The end of the last window that holds the slice starting at sliceStart.
    private long LastWindowEnd(long sliceStart) => sliceStart + _size - FloorMod(sliceStart + _size - _endPhase, _slide);

    // When a window's state goes (Flink's cleanup time): its last timestamp plus the allowed lateness, saturated.
    private long CleanupTime(long end) => end - 1 > long.MaxValue - _lateness ? long.MaxValue : end - 1 + _lateness;

    private bool IsLate(long timestamp) => timestamp <= long.MaxValue - _lateness && timestamp + _lateness <= _watermark;

    private static long FloorMod(long value, long divisor)
    {
        long remainder = value % divisor;
        return remainder < 0 ? remainder + divisor : remainder;
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
