using HyperFlow.Storage.State;
using HyperFlow.Timers;
using HyperFlow.Windows;

namespace HyperFlow.Runtime.Tests.Windows;

/// <summary>
/// Runs a <see cref="WindowOperator{TKey, TIn, TOut}"/> over its two stores (window state and timers),
/// as the engine would, and can checkpoint and restore it into fresh stores mid-stream.
/// </summary>
internal sealed class GeneralWindowHarness<TKey, TOut> : IDisposable
    where TKey : notnull
{
    public delegate WindowOperator<TKey, long, TOut> Factory(KeyedStateStore<WindowKey<TKey>> store, TimerService<TKey, TimeWindow> timers, long watermark);

    private readonly IStateBackend _backend;
    private readonly Factory _create;
    private readonly TimeProvider? _clock;
    private KeyedStateStore<WindowKey<TKey>> _store;
    private TimerService<TKey, TimeWindow> _timers;

    public GeneralWindowHarness(IStateBackend backend, Factory create, TimeProvider? clock = null)
    {
        _backend = backend;
        _create = create;
        _clock = clock;
        _store = WindowStores.Create<WindowKey<TKey>>(backend, clock: clock);
        _timers = new TimerService<TKey, TimeWindow>(() => WindowStores.Create<TimerKey<TKey, TimeWindow>>(backend, operatorUid: "window-timers", clock: clock));
        Operator = create(_store, _timers, long.MinValue);
    }

    public WindowOperator<TKey, long, TOut> Operator { get; private set; }

    public KeyedStateStore<WindowKey<TKey>> Store => _store;

    /// <summary>Late elements dropped by the operators before the last restore.</summary>
    public long DroppedBefore { get; private set; }

    /// <summary>Snapshots both stores and the watermark, and carries on in a fresh operator restored from them.</summary>
    public void Restore()
    {
        byte[] state = WindowStores.Snapshot(_store);
        byte[] timers = WindowStores.Snapshot(_timers.Store);
        long watermark = Operator.Watermark;
        DroppedBefore += Operator.LateDropped;
        Dispose();
        _store = WindowStores.Create<WindowKey<TKey>>(_backend, state, clock: _clock);
        _timers = new TimerService<TKey, TimeWindow>(() => WindowStores.Create<TimerKey<TKey, TimeWindow>>(_backend, timers, "window-timers", _clock));
        Operator = _create(_store, _timers, watermark);
    }

    public void Dispose()
    {
        _store.Dispose();
        _timers.Store.Dispose();
    }
}
