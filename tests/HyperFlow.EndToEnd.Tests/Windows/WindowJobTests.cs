using System.Diagnostics.Metrics;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.State;
using HyperFlow.Windows;

namespace HyperFlow.EndToEnd.Tests.Windows;

/// <summary>A windowed job generated at build time, run through the engine: results, allocation on the aligned path, the late-dropped metric.</summary>
public class WindowJobTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(3);

    [Theory]
    [InlineData(1, "InMemory")]
    [InlineData(2, "InMemory")]
    [InlineData(2, "Faster")]
    public async Task Sums_EqualIndependentComputation(int parallelism, string backend)
    {
        const long count = 200_000;
        string directory = Path.Combine(Path.GetTempPath(), "hyperflow-e2e", Guid.NewGuid().ToString("N"));
        IStateBackend stateBackend = backend == "Faster"
            ? new FasterStateBackend(new FasterStoreOptions { Directory = directory, MemoryBudgetBytes = 1 << 20, PageSizeBytes = 16 << 10 })
            : InMemoryStateBackend.Instance;
        var sink = new SumSink(keep: true);

        await new JobHost(WindowSumsJob.Definition, new JobOptions { Parallelism = parallelism, StateBackend = stateBackend })
            .BindSource("readings", new ReadingGenerator(count, sensors: 37, perMs: 3))
            .BindSink("sums", sink)
            .RunAsync()
            .WaitAsync(s_generous);

        // Timestamps ascend in every subtask, so nothing is late: each (sensor, 100 ms) window fires once with all its readings.
        WindowResult<long, long>[] expected = [.. Enumerable.Range(0, (int)count)
            .Select(i => ReadingGenerator.At(i, 37, 3))
            .GroupBy(r => (r.Sensor, Start: r.TimeMs / 100 * 100))
            .Select(g => new WindowResult<long, long>(g.Key.Sensor, new TimeWindow(g.Key.Start, g.Key.Start + 100), g.Sum(r => r.Value)))
            .OrderBy(r => r.Key).ThenBy(r => r.Window.Start)];
        Assert.Equal(expected, sink.Results.OrderBy(r => r.Key).ThenBy(r => r.Window.Start));
    }

    [Fact]
    public async Task AlignedWindow_SteadyState_AllocatesNothingPerRecord()
    {
        // 100 sensors, 10 readings per ms: 1,000 readings per 100 ms window, 2,000 windows measured.
        const long warmUp = 500_000;
        const long count = 2_500_000;
        var source = new ReadingGenerator(count, sensors: 100, perMs: 10, measureFrom: warmUp);
        var sink = new SumSink(keep: false);

        await new JobHost(WindowSumsJob.Definition, new JobOptions { Parallelism = 1 })
            .BindSource("readings", source)
            .BindSink("sums", sink)
            .RunAsync()
            .WaitAsync(s_generous);

        Assert.Equal(count / 1_000 * 100, sink.Count);
        // The slot thread runs the source, the exchange, the window and the sink. Per-window bookkeeping may
        // allocate a little (a pending window end); anything per record would be megabytes.
        long allocated = source.AllocatedWhileMeasured;
        Assert.InRange(allocated, 0, (count - warmUp) / 4);
    }

    [Fact]
    public async Task LateRecords_WithoutLateStream_AreCountedInTheLateDroppedMetric()
    {
        // Ascending timestamps: after the reading at 1000 the watermark is 999, so readings at 0, 10 and 20 (window [0, 100)) are late.
        Reading[] readings = [new(1, 5, 1000), new(1, 1, 0), new(2, 1, 10), new(1, 1, 20), new(1, 7, 1050)];
        var dropped = new Dictionary<(string? Operator, string? Subtask), long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == HyperFlowMetrics.MeterName && instrument.Name == HyperFlowMetrics.WindowLateDropped)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (Tag(tags, "job") == "window-sums")
            {
                dropped[(Tag(tags, "operator"), Tag(tags, "subtask"))] = value;
            }
        });
        listener.Start();

        var source = new GatedSource(readings);
        var sink = new SumSink(keep: true);
        Task<JobResult> run = new JobHost(WindowSumsJob.Definition, new JobOptions { Parallelism = 1 })
            .BindSource("readings", source)
            .BindSink("sums", sink)
            .RunAsync();

        // The counter is observed while the job runs; the source holds the input open until it reads 3.
        using var waited = new CancellationTokenSource(s_generous);
        while (dropped.GetValueOrDefault((WindowSumsJob.WindowUid, "0")) < 3)
        {
            await Task.Delay(1, waited.Token);
            listener.RecordObservableInstruments();
        }

        source.Release();
        await run.WaitAsync(s_generous);

        Assert.Equal(3, Assert.Single(dropped).Value);
        Assert.Equal([new WindowResult<long, long>(1, new TimeWindow(1000, 1100), 12)], sink.Results);
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            if (tag.Key == name)
            {
                return Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
