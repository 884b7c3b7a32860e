using System.Diagnostics.Metrics;

namespace HyperFlow.Runtime.Tests.Checkpoints;

/// <summary>
/// Records the values one <c>long</c> instrument of the HyperFlow meter reports for one job (tag <c>job</c>),
/// from its creation until it is disposed. Tests of other jobs running meanwhile do not show up; other tests of
/// the same job may.
/// </summary>
internal sealed class JobMetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<long> _values = [];

    public JobMetricRecorder(string instrument, string job)
    {
        _listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == HyperFlowMetrics.MeterName && i.Name == instrument)
            {
                l.EnableMeasurementEvents(i);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag.Key == "job" && (string?)tag.Value == job)
                {
                    lock (_values)
                    {
                        _values.Add(value);
                    }
                }
            }
        });
        _listener.Start();
    }

    /// <summary>The values reported so far, in order.</summary>
    public IReadOnlyList<long> Values
    {
        get
        {
            lock (_values)
            {
                return [.. _values];
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
