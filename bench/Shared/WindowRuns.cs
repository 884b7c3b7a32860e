using HyperFlow;

namespace HyperFlow.Bench;

/// <summary>Runs the window benchmark jobs through HyperFlow (one task slot: source, exchange, window and sink on one thread).</summary>
public static class WindowRuns
{
    /// <summary>Runs <see cref="TumblingSumJob"/> to the end of the events.</summary>
    /// <param name="events">The number of events.</param>
    /// <returns>The checksum of the results.</returns>
    public static long RunTumbling(long events) => Run(TumblingSumJob.Definition, events).Checksum;

    /// <summary>Runs <see cref="TumblingSumJob"/> to the end of the events.</summary>
    /// <param name="events">The number of events.</param>
    /// <returns>The sum of the events' values, as the windows saw them (each event is in one window).</returns>
    public static long RunTumblingValueSum(long events) => Run(TumblingSumJob.Definition, events).ValueSum;

    /// <summary>Runs <see cref="SlidingSumJob"/> to the end of the events.</summary>
    /// <param name="events">The number of events.</param>
    /// <returns>The sum of the events' values, as the windows saw them (each event is in ten windows).</returns>
    public static long RunSlidingValueSum(long events) => Run(SlidingSumJob.Definition, events).ValueSum / 10;

    private static WindowChecksumSink Run(JobDefinition job, long events)
    {
        var sink = new WindowChecksumSink();
        new JobHost(job, new JobOptions { Parallelism = 1 })
            .BindSource("events", new WindowEventGenerator(events))
            .BindSink("results", sink)
            .RunAsync()
            .GetAwaiter()
            .GetResult();
        return sink;
    }
}
