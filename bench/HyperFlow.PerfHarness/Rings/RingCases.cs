namespace HyperFlow.PerfHarness.Rings;

/// <summary>
/// The cross-thread ring cases: <see cref="HyperFlow.Runtime.Sequencing.SpscRing{T}"/> moving
/// <see cref="Event16"/>s between dedicated threads, against the BCL transports a user would reach
/// for instead. Names are <c>topology/vs-peer</c>.
/// </summary>
internal static class RingCases
{
    private const string Pinned = "2 dedicated threads pinned to distinct CPUs, busy-spinning when full/empty";
    private const string ChannelPeer = "bounded Channel<T> (4096, SingleWriter/SingleReader, FullMode Wait), TryWrite/TryRead spinning";

    /// <summary>Throughput cases (events/s), gated by <c>compare</c> like the other throughput cases.</summary>
    public static IReadOnlyList<PerfCase> Throughput { get; } =
    [
        new(
            "ring/1p1c/vs-channel",
            $"1 producer -> 1 consumer, SpscRing 4096, per-event TryWrite/TryRead; {Pinned}",
            ChannelPeer,
            OneToOneRing.RunPerEvent,
            OneToOneChannel.Run),
        new(
            "ring/1p1c/vs-dataflow",
            $"1 producer -> 1 consumer, SpscRing 4096, per-event TryWrite/TryRead; {Pinned}",
            "TPL Dataflow BufferBlock<T> (BoundedCapacity 4096), Post/TryReceive spinning",
            OneToOneRing.RunPerEvent,
            OneToOneBufferBlock.Run),
        new(
            "ring/1p1c-batch10/vs-channel",
            $"1 producer -> 1 consumer, SpscRing 4096, producer Claim+Advance+Publish batches of up to 10, consumer Peek(10)/Release; {Pinned}. "
            + "The channel peer moves events one by one: it has no batch API",
            ChannelPeer,
            events => OneToOneRing.RunBatched(events, 10),
            OneToOneChannel.Run),
        new(
            "ring/1p1c-batch100/vs-channel",
            $"1 producer -> 1 consumer, SpscRing 4096, producer Claim+Advance+Publish batches of up to 100, consumer Peek(100)/Release; {Pinned}. "
            + "The channel peer moves events one by one: it has no batch API",
            ChannelPeer,
            events => OneToOneRing.RunBatched(events, 100),
            OneToOneChannel.Run),
        new(
            "exchange/keyed-2x2/vs-channel",
            "2 producers x 2 consumers, keyed by KeyHash/KeyGroups (key i % 1000, 128 key groups), 2x2 SpscRing 4096, "
            + $"publish every {KeyedExchangeRings.PublishBatch} events per ring, end of input as a control event. "
            + "4 threads oversubscribe a 2-CPU machine: unpinned, Thread.Yield() when full/empty",
            $"2 bounded Channel<T> ({KeyedExchangeChannels.Capacity}, one per consumer, SingleReader, multi-writer), same routing, per-event TryWrite/TryRead, same threads",
            KeyedExchangeRings.Run,
            KeyedExchangeChannels.Run),
    ];

    /// <summary>Latency cases (ns percentiles); reported, not gated.</summary>
    public static IReadOnlyList<LatencyCase> Latency { get; } =
    [
        new(
            "latency/ping-pong/vs-channel",
            $"round trip / 2 over 2 SpscRings (ping, pong), one message in flight, {LatencyClock.WarmupMessages:N0} warm-up messages per run; {Pinned}",
            "the same over 2 bounded Channel<T> (SingleWriter/SingleReader), TryWrite/TryRead spinning",
            PingPongRing.Run,
            PingPongChannel.Run),
        new(
            "latency/ping-pong/vs-raw-volatile",
            $"round trip / 2 over 2 SpscRings, as latency/ping-pong/vs-channel; {Pinned}",
            "the hardware floor: the same round trip through two volatile fields on separate cache lines, no queue",
            PingPongRing.Run,
            PingPongRaw.Run),
        new(
            "latency/one-way-paced/vs-channel",
            $"one-way latency, producer busy-paced at 1 event / {PacedOneWayRing.IntervalNanoseconds / 1000} us stamped with Stopwatch.GetTimestamp() at send "
            + $"(hand-off latency, no coordinated-omission correction), SpscRing 4096, per-event TryWrite/TryRead, {LatencyClock.WarmupMessages:N0} warm-up messages per run; {Pinned}",
            "the same over a bounded Channel<T> (4096, SingleWriter/SingleReader), TryWrite/TryRead spinning",
            PacedOneWayRing.Run,
            PacedOneWayChannel.Run),
    ];
}
