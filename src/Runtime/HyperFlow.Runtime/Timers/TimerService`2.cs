using System.Diagnostics;
using System.Runtime.CompilerServices;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.Serialization;
using HyperFlow.Storage.State;

namespace HyperFlow.Timers;

/// <summary>
/// The per-key timers of one operator subtask, in event time and processing time, as Flink's
/// <c>InternalTimerService</c>: window operators register one per window, keyed process functions
/// (namespace <see cref="VoidNamespace"/>) register them from their code. Timers are deduplicated per
/// (key, namespace, time, domain), kept in a keyed state store so that checkpoints carry them, and
/// fired in time order by <see cref="AdvanceWatermark{TTarget}"/> and <see cref="AdvanceProcessingTime{TTarget}"/>.
/// </summary>
/// <remarks>
/// <para><b>Threading.</b> Single-threaded by design: a service belongs to one operator subtask and
/// every call, registering as well as firing, comes from that subtask's slot thread. Timers fire
/// between records, never during one, so a target's <c>OnTimer</c> is never concurrent with the
/// operator's processing and needs no lock. Not thread-safe.</para>
/// <para><b>Order.</b> Timers fire in time order; timers of the same time fire in the order they were
/// registered (a timer registered again while it is pending keeps its place; one deleted and
/// registered again goes to the back). The order survives a checkpoint and restore. When a restore
/// merges the timers of several subtasks, same-time timers of different subtasks' keys are ordered
/// by registration within each, then by stable key hash.</para>
/// <para><b>State.</b> The service does not create its store: it asks the factory passed to its
/// constructor, so the engine creates the store where it creates every keyed store (and snapshots,
/// restores and disposes it with them). Its key type is <see cref="TimerKey{TKey, TNamespace}"/>, so it
/// is a store of its own, separate from the operator's: give it its own operator uid (for example
/// the operator's uid with a <c>-timers</c> suffix). Each pending timer is one entry of a value state
/// (default name <see cref="DefaultStateName"/>) holding its sequence number. To restore, restore the
/// store inside the factory, before returning it: the constructor rebuilds the in-memory queues from
/// the restored entries (only those of the key groups the subtask owns). The current watermark is
/// not part of the state; it starts at <see cref="long.MinValue"/>, as in Flink.</para>
/// <para><b>Cost.</b> Registering and firing are O(log n) in the pending timers of the domain,
/// deleting is O(1) amortized (the heap entry is dropped later, in bulk), each plus one write to the
/// store; they allocate nothing once the queues have grown (for keys and namespaces without
/// references, with the in-memory backend). Memory stays within about twice the pending timers. With
/// the FASTER backend, open a batch on <see cref="Store"/> around a run of operations as for any
/// store; the service does not.</para>
/// <code>
/// var timers = new TimerService&lt;long, VoidNamespace&gt;(
///     () =&gt; plan.CreateKeyedStore&lt;TimerKey&lt;long, VoidNamespace&gt;&gt;("alerts-timers", subtask));
/// timers.RegisterEventTimeTimer(account, KeyHash.Of(account), default, eventTime + 60_000);
/// // later, on the slot thread, when the watermark advances:
/// var target = new AlertTarget(output);   // a struct implementing ITimerTarget&lt;long, VoidNamespace&gt;
/// timers.AdvanceWatermark(watermark, ref target);
/// </code>
/// </remarks>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TNamespace">
/// The namespace type: a window, or <see cref="VoidNamespace"/>. Unmanaged and equatable (a record
/// struct is both); it is stored as its raw bytes.
/// </typeparam>
public sealed class TimerService<TKey, TNamespace>
    where TKey : notnull
    where TNamespace : unmanaged, IEquatable<TNamespace>
{
    /// <summary>The name of the timers' state in the store, unless another is given.</summary>
    public const string DefaultStateName = "timers";

    private readonly TimerQueue<TKey, TNamespace> _queue = new();
    private readonly KeyedStateStore<TimerKey<TKey, TNamespace>> _store;
    private readonly ValueState<long> _state;
    private readonly string _stateName;
    private long _nextSequence;
    private long _watermark = long.MinValue;
    private bool _firing;

    /// <summary>
    /// Creates the service: registers the serializer of <see cref="TimerKey{TKey, TNamespace}"/> (its key
    /// serialized as <see cref="StateSerializers.For{T}"/> gives), creates the store through
    /// <paramref name="createStore"/>, and loads the timers the store was restored with.
    /// </summary>
    /// <param name="createStore">
    /// Creates the store for the timers (and restores it, when the job restarts from a checkpoint).
    /// Called once, after the key serializer is registered: a store created before that would write
    /// timers in another format.
    /// </param>
    /// <param name="stateName">The name of the timers' state in the store; keep it stable across versions of the job.</param>
    /// <exception cref="StateException">The store cannot hold the timers (for example the backend refuses the key type).</exception>
    /// <exception cref="InvalidOperationException">The factory returned no store.</exception>
    public TimerService(Func<KeyedStateStore<TimerKey<TKey, TNamespace>>> createStore, string stateName = DefaultStateName)
    {
        ArgumentNullException.ThrowIfNull(createStore);
        ArgumentException.ThrowIfNullOrWhiteSpace(stateName);
        StateSerializers.Register(new TimerKeySerializer<TKey, TNamespace>());
        _store = createStore() ?? throw new InvalidOperationException($"The store factory of the timer service '{stateName}' returned no store; return the store created for the timers.");
        _stateName = stateName;
        _state = _store.GetValueState(new ValueStateDescriptor<long>(stateName));
        Load();
    }

    /// <summary>The store the timers are kept in: snapshot, restore (in the factory) and dispose it as the operator's other stores.</summary>
    public KeyedStateStore<TimerKey<TKey, TNamespace>> Store => _store;

    /// <summary>The latest watermark passed to <see cref="AdvanceWatermark{TTarget}"/>; <see cref="long.MinValue"/> before the first.</summary>
    public long CurrentWatermark => _watermark;

    /// <summary>The time of the earliest pending event-time timer, or <see cref="long.MaxValue"/> when there is none.</summary>
    public long NextEventTime => _queue.NextTime(TimeDomain.EventTime);

    /// <summary>
    /// The time of the earliest pending processing-time timer, or <see cref="long.MaxValue"/> when there
    /// is none: the task slot calls <see cref="AdvanceProcessingTime{TTarget}"/> once the clock reaches it.
    /// </summary>
    public long NextProcessingTime => _queue.NextTime(TimeDomain.ProcessingTime);

    /// <summary>The number of pending event-time timers.</summary>
    public int EventTimeTimers => _queue.Count(TimeDomain.EventTime);

    /// <summary>The number of pending processing-time timers.</summary>
    public int ProcessingTimeTimers => _queue.Count(TimeDomain.ProcessingTime);

    /// <summary>
    /// Registers an event-time timer, which fires once the watermark reaches <paramref name="time"/>.
    /// A timer at or before the current watermark fires at the next <see cref="AdvanceWatermark{TTarget}"/>
    /// (or in the current one, when registered while it fires timers).
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="keyHash">The key's stable hash, <see cref="KeyHash.Of{TKey}(in TKey)"/>, which routing has computed already.</param>
    /// <param name="ns">The namespace.</param>
    /// <param name="time">The event time to fire at.</param>
    /// <returns><c>true</c> if the timer is new, <c>false</c> if it was pending already (it stays registered once).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool RegisterEventTimeTimer(in TKey key, ulong keyHash, in TNamespace ns, long time)
        => Register(new TimerKey<TKey, TNamespace>(key, ns, time, TimeDomain.EventTime), keyHash);

    /// <summary>Registers a processing-time timer, which fires once the clock reaches <paramref name="time"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="keyHash">The key's stable hash, <see cref="KeyHash.Of{TKey}(in TKey)"/>.</param>
    /// <param name="ns">The namespace.</param>
    /// <param name="time">The processing time to fire at, in Unix milliseconds.</param>
    /// <returns><c>true</c> if the timer is new, <c>false</c> if it was pending already.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool RegisterProcessingTimeTimer(in TKey key, ulong keyHash, in TNamespace ns, long time)
        => Register(new TimerKey<TKey, TNamespace>(key, ns, time, TimeDomain.ProcessingTime), keyHash);

    /// <summary>Deletes a pending event-time timer; a timer that is not pending (never registered, or fired) is ignored.</summary>
    /// <param name="key">The key.</param>
    /// <param name="keyHash">The key's stable hash.</param>
    /// <param name="ns">The namespace.</param>
    /// <param name="time">The timer's time.</param>
    /// <returns><c>true</c> if a pending timer was deleted.</returns>
    public bool DeleteEventTimeTimer(in TKey key, ulong keyHash, in TNamespace ns, long time)
        => Delete(new TimerKey<TKey, TNamespace>(key, ns, time, TimeDomain.EventTime), keyHash);

    /// <summary>Deletes a pending processing-time timer; a timer that is not pending is ignored.</summary>
    /// <param name="key">The key.</param>
    /// <param name="keyHash">The key's stable hash.</param>
    /// <param name="ns">The namespace.</param>
    /// <param name="time">The timer's time.</param>
    /// <returns><c>true</c> if a pending timer was deleted.</returns>
    public bool DeleteProcessingTimeTimer(in TKey key, ulong keyHash, in TNamespace ns, long time)
        => Delete(new TimerKey<TKey, TNamespace>(key, ns, time, TimeDomain.ProcessingTime), keyHash);

    /// <summary>
    /// Advances event time: sets <see cref="CurrentWatermark"/> (it never goes back: a lower watermark
    /// leaves it as it is) and fires every event-time timer at or before it, in order, including those
    /// the target registers meanwhile. Each timer is removed before the target sees it.
    /// </summary>
    /// <typeparam name="TTarget">The target's type, a struct: the call to it is direct.</typeparam>
    /// <param name="watermark">The operator's new watermark.</param>
    /// <param name="target">What to call for each timer.</param>
    /// <returns>The number of timers fired.</returns>
    /// <exception cref="InvalidOperationException">Called from a target while timers are firing.</exception>
    public int AdvanceWatermark<TTarget>(long watermark, ref TTarget target)
        where TTarget : struct, ITimerTarget<TKey, TNamespace>
    {
        _watermark = Math.Max(_watermark, watermark);
        return Fire(TimeDomain.EventTime, _watermark, ref target);
    }

    /// <summary>
    /// Fires every processing-time timer at or before <paramref name="now"/>, in order, including those
    /// the target registers meanwhile. Each timer is removed before the target sees it.
    /// </summary>
    /// <typeparam name="TTarget">The target's type, a struct: the call to it is direct.</typeparam>
    /// <param name="now">The processing time now, in Unix milliseconds.</param>
    /// <param name="target">What to call for each timer.</param>
    /// <returns>The number of timers fired.</returns>
    /// <exception cref="InvalidOperationException">Called from a target while timers are firing.</exception>
    public int AdvanceProcessingTime<TTarget>(long now, ref TTarget target)
        where TTarget : struct, ITimerTarget<TKey, TNamespace>
        => Fire(TimeDomain.ProcessingTime, now, ref target);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Register(in TimerKey<TKey, TNamespace> timer, ulong keyHash)
    {
        Debug.Assert(keyHash == KeyHash.Of(timer.Key), "The key hash passed is the key's stable hash.");
        if (!_queue.TryAdd(timer, keyHash, _nextSequence))
        {
            return false;
        }

        _store.SetCurrentKey(timer, keyHash);
        _state.Update(_nextSequence++);
        return true;
    }

    private bool Delete(in TimerKey<TKey, TNamespace> timer, ulong keyHash)
    {
        if (!_queue.Remove(timer, keyHash))
        {
            return false;
        }

        _store.SetCurrentKey(timer, keyHash);
        _state.Clear();
        return true;
    }

    private int Fire<TTarget>(TimeDomain domain, long upTo, ref TTarget target)
        where TTarget : struct, ITimerTarget<TKey, TNamespace>
    {
        if (_firing)
        {
            ThrowReentrant(domain);
        }

        if (!_queue.HasDue(domain, upTo))
        {
            return 0;
        }

        _firing = true;
        int fired = 0;
        try
        {
            while (_queue.HasDue(domain, upTo))
            {
                _queue.RemoveFirst(domain, out TimerKey<TKey, TNamespace> timer, out ulong keyHash);
                _store.SetCurrentKey(timer, keyHash);
                _state.Clear();
                fired++;
                target.OnTimer(timer.Key, timer.Namespace, timer.Time, domain);
            }
        }
        finally
        {
            _firing = false;
        }

        return fired;
    }

    // Rebuilds the queues from the entries the store was restored with; the stored sequence numbers
    // keep the order of same-time timers, and new ones are numbered after the highest.
    private void Load()
    {
        foreach (TimerKey<TKey, TNamespace> timer in _store.KeysOf(_stateName))
        {
            ulong keyHash = KeyHash.Of(timer.Key);
            _store.SetCurrentKey(timer, keyHash);
            long sequence = _state.GetValueOrDefault();
            _queue.TryAdd(timer, keyHash, sequence);
            _nextSequence = Math.Max(_nextSequence, sequence + 1);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowReentrant(TimeDomain domain)
        => throw new InvalidOperationException(
            $"Timers of state '{_stateName}' of {_store.Context.Describe()} are firing already: a timer target advanced {domain} from inside OnTimer. Advance time from the task loop only; timers a target registers at or before the time being advanced to fire in the same advance.");
}
