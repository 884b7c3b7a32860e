using BenchmarkDotNet.Attributes;
using HyperFlow.Bench;

namespace HyperFlow.Benchmarks;

/// <summary>
/// The TradeMonitor job on one task slot vs the same work as a hand-written loop, in one process.
/// <code>
///   generator ─▶ [map → filter → keyBy] ─ring─▶ [sum → sink]     (HyperFlow, 1 slot)
///   generator ─▶ for (...) { map; filter; dict sum; upsert }       (hand-written)
/// </code>
/// One operation is one trade (OperationsPerInvoke), so the results read as ns per event.
/// </summary>
[MemoryDiagnoser]
public class TradeMonitorBenchmarks
{
    private const int Events = 2_000_000;

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public long HandWrittenLoop() => TradeMonitorRuns.RunHandWritten(Events);

    [Benchmark(OperationsPerInvoke = Events)]
    public long HyperFlowOneSlot() => TradeMonitorRuns.RunHyperFlow(Events, parallelism: 1);
}
