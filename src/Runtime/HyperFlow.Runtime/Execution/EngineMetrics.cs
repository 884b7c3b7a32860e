using System.Diagnostics.Metrics;
using HyperFlow.Graph;
using HyperFlow.Storage.State;

namespace HyperFlow.Runtime.Execution;

/// <summary>
/// Publishes the running subtasks' counters as observable instruments. The data path only increments
/// plain fields; the instruments read them when a listener collects, so metrics cost nothing per record.
/// </summary>
internal static class EngineMetrics
{
    private static readonly Meter s_meter = new(HyperFlowMetrics.MeterName, "1.0");
    private static readonly Lock s_lock = new();
    private static readonly List<(string Job, ChainTask Task)> s_tasks = [];
    private static readonly List<(string Job, KeyedStateStore Store)> s_stores = [];

    static EngineMetrics()
    {
        s_meter.CreateObservableCounter(HyperFlowMetrics.RecordsIn, () => Observe(static t => t.RecordsIn), "{record}", "Records read by the subtask.");
        s_meter.CreateObservableCounter(HyperFlowMetrics.RecordsOut, () => Observe(static t => t.RecordsOut), "{record}", "Records emitted by the subtask.");
        s_meter.CreateObservableGauge(HyperFlowMetrics.BusyTime, () => Observe(static t => t.BusyMsPerSecond), "ms/s", "Time spent processing per second.");
        s_meter.CreateObservableGauge(HyperFlowMetrics.IdleTime, () => Observe(static t => t.IdleMsPerSecond), "ms/s", "Time with nothing to read per second.");
        s_meter.CreateObservableGauge(HyperFlowMetrics.BackpressuredTime, () => Observe(static t => t.BackpressuredMsPerSecond), "ms/s", "Time blocked by a full output per second.");
        s_meter.CreateObservableGauge(HyperFlowMetrics.InputQueueFill, () => Observe(static t => t.InputFill), "1", "Fill of the fullest input ring.");
        s_meter.CreateObservableGauge(HyperFlowMetrics.StateEntries, () => ObserveState(static s => s.Entries), "{entry}", "Keyed state entries.");
        s_meter.CreateObservableGauge(HyperFlowMetrics.StateSize, () => ObserveState(static s => s.SizeBytes), "By", "Bytes held by keyed state.");
        s_meter.CreateObservableCounter(HyperFlowMetrics.StateReads, () => ObserveState(static s => s.Reads), "{read}", "Keyed state reads.");
        s_meter.CreateObservableCounter(HyperFlowMetrics.StateWrites, () => ObserveState(static s => s.Writes), "{write}", "Keyed state writes.");
        s_meter.CreateObservableGauge(HyperFlowMetrics.StatePendingOperations, () => ObserveState(static s => s.PendingOperations), "{operation}", "State operations waiting on disk.");
        s_meter.CreateObservableCounter(HyperFlowMetrics.WindowLateDropped, ObserveLateDropped, "{record}", "Elements later than the allowed lateness dropped by a window operator.");
    }

    /// <summary>Makes a run's tasks visible to listeners until the returned handle is disposed.</summary>
    public static IDisposable Register(string job, IEnumerable<ChainTask> tasks, IEnumerable<KeyedStateStore> stores)
    {
        (string, ChainTask)[] entries = [.. tasks.Select(t => (job, t))];
        (string, KeyedStateStore)[] storeEntries = [.. stores.Select(s => (job, s))];
        lock (s_lock)
        {
            s_tasks.AddRange(entries);
            s_stores.AddRange(storeEntries);
        }

        return new Registration(entries, storeEntries);
    }

    // Statistics are read on the listener's thread while the slot thread updates the store: the
    // figures are plain fields read without synchronisation, so a reading may be a moment stale.
    private static List<Measurement<long>> ObserveState(Func<StateStatistics, long> read)
    {
        lock (s_lock)
        {
            var measurements = new List<Measurement<long>>(s_stores.Count);
            foreach ((string job, KeyedStateStore store) in s_stores)
            {
                measurements.Add(new Measurement<long>(
                    read(store.Statistics),
                    new KeyValuePair<string, object?>("job", job),
                    new KeyValuePair<string, object?>("operator", store.Context.OperatorUid),
                    new KeyValuePair<string, object?>("subtask", store.Context.Subtask)));
            }

            return measurements;
        }
    }

    // One measurement per subtask of a chain that holds a window operator (its first operator, after the key-by exchange).
    private static List<Measurement<long>> ObserveLateDropped()
    {
        lock (s_lock)
        {
            var measurements = new List<Measurement<long>>();
            foreach ((string job, ChainTask task) in s_tasks)
            {
                if (task.Chain.Operators.FirstOrDefault(static o => o.Kind == OperatorKind.Window) is { } window)
                {
                    measurements.Add(new Measurement<long>(
                        task.LateDroppedCount,
                        new KeyValuePair<string, object?>("job", job),
                        new KeyValuePair<string, object?>("operator", window.Uid),
                        new KeyValuePair<string, object?>("subtask", task.Subtask)));
                }
            }

            return measurements;
        }
    }

    private static List<Measurement<T>> Observe<T>(Func<ChainTask, T> read)
        where T : struct
    {
        lock (s_lock)
        {
            var measurements = new List<Measurement<T>>(s_tasks.Count);
            foreach ((string job, ChainTask task) in s_tasks)
            {
                measurements.Add(new Measurement<T>(
                    read(task),
                    new KeyValuePair<string, object?>("job", job),
                    new KeyValuePair<string, object?>("chain", task.Chain.Name),
                    new KeyValuePair<string, object?>("subtask", task.Subtask)));
            }

            return measurements;
        }
    }

    private sealed class Registration((string Job, ChainTask Task)[] entries, (string Job, KeyedStateStore Store)[] stores) : IDisposable
    {
        public void Dispose()
        {
            lock (s_lock)
            {
                foreach ((string, ChainTask) entry in entries)
                {
                    s_tasks.Remove(entry);
                }

                foreach ((string, KeyedStateStore) entry in stores)
                {
                    s_stores.Remove(entry);
                }
            }
        }
    }
}
