namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>
/// A <c>checkpoint-dip</c> job's figures over its runs. The "Extra" figures are medians over the run pairs of
/// (with checkpoints − without): where the data path's extra time went.
/// </summary>
/// <param name="Name">The job's short name.</param>
/// <param name="Description">What the job does.</param>
/// <param name="Events">Events per run.</param>
/// <param name="Runs">Measured runs per side.</param>
/// <param name="WithEventsPerSecond">Events/s over the data path, with periodic checkpoints.</param>
/// <param name="WithoutEventsPerSecond">Events/s over the data path, without checkpoints.</param>
/// <param name="RatioOfMedians">Median with / median without.</param>
/// <param name="PairRatio">With / without, pair by pair (each pair ran back to back).</param>
/// <param name="CheckpointsPerRun">Periodic checkpoints completed per run (with).</param>
/// <param name="CheckpointMilliseconds">Trigger to completion, over every periodic checkpoint of every run.</param>
/// <param name="StoredMegabytes">Stored size, over every periodic checkpoint (MB = 10^6 bytes).</param>
/// <param name="CaptureStallMilliseconds">The slot thread's stall at each barrier (the synchronous capture), over every checkpoint.</param>
/// <param name="BarrierDelayMilliseconds">Trigger to the source's barrier injection, over every checkpoint.</param>
/// <param name="Aborted">Checkpoints aborted over all runs.</param>
/// <param name="ExtraDataPathMilliseconds">Extra time of the data path.</param>
/// <param name="CaptureStallTotalMilliseconds">Median per run of the capture stalls' total.</param>
/// <param name="ExtraGcPauseMilliseconds">Extra garbage-collection pause time (all threads stopped).</param>
/// <param name="ExtraOtherStallMilliseconds">Extra time in stalls not at a barrier.</param>
/// <param name="ExtraSlotCpuMilliseconds">Extra CPU time of the slot thread (its own work: captures, and events processed more slowly).</param>
/// <param name="ExtraSlotRunQueueMilliseconds">Extra time the slot thread waited for its CPU while another thread ran on it.</param>
/// <param name="ExtraOtherThreadsCpuMilliseconds">Extra CPU time of the other threads (the asynchronous checkpoint writes) during the data path.</param>
/// <param name="Pairs">Every measured run, with and without, pair by pair.</param>
internal sealed record DipJobResult(
    string Name,
    string Description,
    long Events,
    int Runs,
    Stats WithEventsPerSecond,
    Stats WithoutEventsPerSecond,
    double RatioOfMedians,
    Stats PairRatio,
    Stats CheckpointsPerRun,
    Stats CheckpointMilliseconds,
    Stats StoredMegabytes,
    Stats CaptureStallMilliseconds,
    Stats BarrierDelayMilliseconds,
    int Aborted,
    double ExtraDataPathMilliseconds,
    double CaptureStallTotalMilliseconds,
    double ExtraGcPauseMilliseconds,
    double ExtraOtherStallMilliseconds,
    double ExtraSlotCpuMilliseconds,
    double ExtraSlotRunQueueMilliseconds,
    double ExtraOtherThreadsCpuMilliseconds,
    IReadOnlyList<DipPair> Pairs)
{
    public static DipJobResult Of(DipJob job, IReadOnlyList<DipPair> pairs)
    {
        DipRun[] with = [.. pairs.Select(static p => p.With)];
        DipRun[] without = [.. pairs.Select(static p => p.Without)];
        Stats withRate = Stats.Of([.. with.Select(static r => r.EventsPerSecond)]);
        Stats withoutRate = Stats.Of([.. without.Select(static r => r.EventsPerSecond)]);
        return new DipJobResult(
            job.Name,
            job.Description,
            job.Events,
            pairs.Count,
            withRate,
            withoutRate,
            withRate.Median / withoutRate.Median,
            Stats.Of([.. pairs.Select(static p => p.With.EventsPerSecond / p.Without.EventsPerSecond)]),
            Stats.Of([.. with.Select(static r => (double)r.Checkpoints)]),
            OfAll(with.SelectMany(static r => r.CheckpointMilliseconds)),
            OfAll(with.SelectMany(static r => r.StoredBytes.Select(static b => b / 1e6))),
            OfAll(with.SelectMany(static r => r.CaptureStallMilliseconds)),
            OfAll(with.SelectMany(static r => r.BarrierDelayMilliseconds)),
            with.Sum(static r => r.Aborted),
            Extra(pairs, static r => r.DataPathSeconds * 1e3),
            Stats.Of([.. with.Select(static r => r.CaptureStallTotalMilliseconds)]).Median,
            Extra(pairs, static r => r.GcPauseMilliseconds),
            Extra(pairs, static r => r.OtherStallMilliseconds),
            Extra(pairs, static r => r.SlotCpuMilliseconds),
            Extra(pairs, static r => r.SlotRunQueueMilliseconds),
            Extra(pairs, static r => r.OtherThreadsCpuMilliseconds),
            pairs);
    }

    private static Stats OfAll(IEnumerable<double> values)
    {
        double[] all = [.. values];
        return all.Length == 0 ? new Stats(0, 0, 0) : Stats.Of(all);
    }

    private static double Extra(IReadOnlyList<DipPair> pairs, Func<DipRun, double> figure)
        => Stats.Of([.. pairs.Select(p => figure(p.With) - figure(p.Without))]).Median;
}
