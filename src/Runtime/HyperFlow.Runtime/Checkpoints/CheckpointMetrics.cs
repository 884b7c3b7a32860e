using System.Diagnostics.Metrics;

namespace HyperFlow.Runtime.Checkpoints;

/// <summary>The instruments of checkpoints and restarts (named in <see cref="HyperFlowMetrics"/>).</summary>
internal static class CheckpointMetrics
{
    private static readonly Meter s_meter = new(HyperFlowMetrics.MeterName, "1.0");

    public static Counter<long> Completed { get; } = s_meter.CreateCounter<long>(HyperFlowMetrics.CheckpointsCompleted, "{checkpoint}", "Checkpoints completed.");

    public static Counter<long> Failed { get; } = s_meter.CreateCounter<long>(HyperFlowMetrics.CheckpointsFailed, "{checkpoint}", "Checkpoints aborted.");

    public static Histogram<double> Duration { get; } = s_meter.CreateHistogram<double>(HyperFlowMetrics.CheckpointDuration, "ms", "Time from a checkpoint's trigger to its completion.");

    public static Histogram<long> Size { get; } = s_meter.CreateHistogram<long>(HyperFlowMetrics.CheckpointSize, "By", "Bytes a completed checkpoint stored itself (files shared with earlier checkpoints not counted).");

    public static Counter<long> Restarts { get; } = s_meter.CreateCounter<long>(HyperFlowMetrics.JobRestarts, "{restart}", "Restarts after a failure.");
}
