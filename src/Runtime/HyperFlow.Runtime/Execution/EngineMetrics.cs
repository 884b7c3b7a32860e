using System.Diagnostics.Metrics;

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

    static EngineMetrics()
    {
        s_meter.CreateObservableCounter(HyperFlowMetrics.RecordsIn, () => Observe(static t => t.RecordsIn), "{record}", "Records read by the subtask.");
        s_meter.CreateObservableCounter(HyperFlowMetrics.RecordsOut, () => Observe(static t => t.RecordsOut), "{record}", "Records emitted by the subtask.");
        s_meter.CreateObservableGauge(HyperFlowMetrics.BusyTime, () => Observe(static t => t.BusyMsPerSecond), "ms/s", "Time spent processing per second.");
        s_meter.CreateObservableGauge(HyperFlowMetrics.IdleTime, () => Observe(static t => t.IdleMsPerSecond), "ms/s", "Time with nothing to read per second.");
        s_meter.CreateObservableGauge(HyperFlowMetrics.BackpressuredTime, () => Observe(static t => t.BackpressuredMsPerSecond), "ms/s", "Time blocked by a full output per second.");
        s_meter.CreateObservableGauge(HyperFlowMetrics.InputQueueFill, () => Observe(static t => t.InputFill), "1", "Fill of the fullest input ring.");
    }

    /// <summary>Makes a run's tasks visible to listeners until the returned handle is disposed.</summary>
    public static IDisposable Register(string job, IEnumerable<ChainTask> tasks)
    {
        (string, ChainTask)[] entries = [.. tasks.Select(t => (job, t))];
        lock (s_lock)
        {
            s_tasks.AddRange(entries);
        }

        return new Registration(entries);
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

    private sealed class Registration((string Job, ChainTask Task)[] entries) : IDisposable
    {
        public void Dispose()
        {
            lock (s_lock)
            {
                foreach ((string, ChainTask) entry in entries)
                {
                    s_tasks.Remove(entry);
                }
            }
        }
    }
}
