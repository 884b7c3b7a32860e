using System.Diagnostics.Metrics;

namespace HyperFlow.Runtime.Tests.Jobs;

public class EngineTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData(WaitStrategy.Blocking, 1)]
    [InlineData(WaitStrategy.Blocking, 2)]
    [InlineData(WaitStrategy.Yielding, 2)]
    [InlineData(WaitStrategy.BusySpin, 2)]
    [InlineData(WaitStrategy.Blocking, 3)]
    public async Task RunAsync_EachWaitStrategy_DeliversEverything(WaitStrategy strategy, int parallelism)
    {
        long[] input = [.. Enumerable.Range(1, 50_000).Select(i => (long)i)];
        var sink = new CountingSink();
        JobResult result = await SumJobRunner.Run(new JobOptions { Parallelism = parallelism, WaitStrategy = strategy, RingCapacity = 64, BatchSize = 16 }, input, sink);

        Assert.Equal(input.Length, result.RecordsRead);
        Assert.Equal(input.Count(x => x * 3 % 2 == 0), sink.Count);
        Assert.Equal(parallelism, sink.Completed);
    }

    [Fact]
    public async Task SlowSink_BackpressuresUpstreamWithinBoundedRingsAndDrains()
    {
        long[] input = [.. Enumerable.Range(1, 200_000).Select(i => (long)i * 2)];
        var sink = new CountingSink(spinPerBatch: 20_000, slowSubtask: 1);
        JobResult result = await SumJobRunner.Run(new JobOptions { Parallelism = 2, RingCapacity = 256, BatchSize = 64 }, input, sink);

        // Everything arrives although sink subtask 1 is far slower than the sources...
        Assert.Equal(input.Length, sink.Count);
        Assert.Equal(2, sink.Completed);
        // ...because the source chain on slot 0 stopped reading while its ring to the slow subtask was full.
        SubtaskStats fastSource = result.Subtasks.Single(s => s.Subtask == 0 && s.Chain.StartsWith("numbers", StringComparison.Ordinal));
        Assert.True(fastSource.BackpressuredTime > TimeSpan.Zero, "the source chain on the fast slot was never backpressured");
    }

    [Fact]
    public async Task Metrics_ReportRecordsAndTimesPerSubtask()
    {
        var recordsIn = new Dictionary<string, long>();
        var busy = new List<double>();
        var stateEntries = new Dictionary<string, long>();
        var stateWrites = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == HyperFlowMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == HyperFlowMetrics.RecordsIn && Tag(tags, "job") == "test-metrics")
            {
                recordsIn[$"{Tag(tags, "chain")}/{Tag(tags, "subtask")}"] = value;
            }

            if (instrument.Name == HyperFlowMetrics.StateEntries && Tag(tags, "job") == "test-metrics")
            {
                stateEntries[$"{Tag(tags, "operator")}/{Tag(tags, "subtask")}"] = value;
            }

            if (instrument.Name == HyperFlowMetrics.StateWrites && Tag(tags, "job") == "test-metrics")
            {
                stateWrites[$"{Tag(tags, "operator")}/{Tag(tags, "subtask")}"] = value;
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (instrument.Name == HyperFlowMetrics.BusyTime && Tag(tags, "job") == "test-metrics")
            {
                busy.Add(value);
            }
        });
        listener.Start();

        var source = new EndlessSource();
        using var cancel = new CancellationTokenSource();
        Task<JobResult> run = new JobHost(MetricsJob.Definition, new JobOptions { Parallelism = 2 })
            .BindSource("numbers", source)
            .BindSink("sums", new CountingSink())
            .RunAsync(cancel.Token);
        using var waited = new CancellationTokenSource(s_generous);
        while (source.Produced < 1_000_000)
        {
            await Task.Delay(1, waited.Token);
        }

        listener.RecordObservableInstruments();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(s_generous));

        Assert.Equal(4, recordsIn.Count);
        Assert.True(recordsIn.Where(e => e.Key.StartsWith("numbers", StringComparison.Ordinal)).Sum(e => e.Value) > 0);
        Assert.All(busy, b => Assert.InRange(b, 0, 1000.001));
        // The source emits only 2s: one key, so the running sum of operator "Add" holds one entry, in
        // the subtask that owns its key group, and was written once per record that reached it.
        Assert.Equal(["Add/0", "Add/1"], stateEntries.Keys.Order());
        Assert.Equal([0L, 1L], stateEntries.Values.Order());
        Assert.InRange(stateWrites.Values.Sum(), 1, source.Produced);
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }
}
