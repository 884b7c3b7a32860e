using System.Globalization;
using HyperFlow.Graph;
using HyperFlow.Runtime.Exchange;
using HyperFlow.Runtime.Execution;
using HyperFlow.Runtime.Sequencing;
using HyperFlow.Runtime.Tests.Time;
using HyperFlow.Runtime.Time;

namespace HyperFlow.Runtime.Tests.Execution;

/// <summary>
/// A source chain with timestamps, driven by hand on the test thread with a hand-moved clock, as its
/// task slot would drive it: the watermarks, idle and active events it puts into its output ring.
/// </summary>
public class SourceEventTimeTests
{
    private const long Bound = 10;
    private const long IdleMs = 1_000;

    [Fact]
    public void Watermark_IsMinimumOverPartitionsAfterEachBatch()
    {
        var h = new Harness(partitions: 2, idleTimeoutMs: 0);
        h.Deliver(0, 100, 90, 105);
        Assert.Equal(["100", "90", "105"], h.Drain());

        h.Deliver(1, 50);
        Assert.Equal(["50", $"wm:{50 - Bound - 1}"], h.Drain());

        h.Deliver(1, 300);
        Assert.Equal(["300", $"wm:{105 - Bound - 1}"], h.Drain());

        // Out of order within the bound: the watermark does not move back.
        h.Deliver(0, 98);
        Assert.Equal(["98"], h.Drain());
    }

    [Fact]
    public void SilentPartition_StopsHoldingBackAfterIdleTimeout_AllIdleMarksOutputIdle()
    {
        var h = new Harness(partitions: 2, idleTimeoutMs: IdleMs);
        h.Deliver(0, 100);
        Assert.Equal(["100"], h.Drain());

        h.Clock.Advance(TimeSpan.FromMilliseconds(600));
        h.Deliver(0, 200);
        h.Tick();
        Assert.Equal(["200"], h.Drain());

        // Partition 1 has been silent for the timeout, partition 0 not: partition 0 alone sets the watermark.
        h.Clock.Advance(TimeSpan.FromMilliseconds(400));
        h.Tick();
        Assert.Equal([$"wm:{200 - Bound - 1}"], h.Drain());

        // Partition 0 silent too: the subtask's output is idle.
        h.Clock.Advance(TimeSpan.FromMilliseconds(600));
        h.Tick();
        Assert.Equal(["idle"], h.Drain());

        // Partition 1 wakes up behind the watermark: active again, no watermark until it passes it.
        h.Deliver(1, 150);
        Assert.Equal(["150", "active"], h.Drain());
        h.Deliver(1, 400);
        Assert.Equal(["400", $"wm:{400 - Bound - 1}"], h.Drain());
    }

    [Fact]
    public void EndOfInput_EmitsFinalWatermarkThenEnd()
    {
        var h = new Harness(partitions: 1, idleTimeoutMs: IdleMs);
        h.Deliver(0, 5);
        h.Clock.Advance(TimeSpan.FromMilliseconds(IdleMs));
        h.Tick();
        Assert.Equal(["5", $"wm:{5 - Bound - 1}", "idle"], h.Drain());

        h.Finish();
        Assert.Equal(["active", $"wm:{long.MaxValue}", "end"], h.Drain());
        Assert.Equal(long.MaxValue, h.Task.ProcessingTimeDue);
    }

    [Fact]
    public void PlainReader_IsOnePartition()
    {
        var h = new Harness(partitions: null, idleTimeoutMs: 0);
        h.Deliver(0, 100);
        Assert.Equal(["100", $"wm:{100 - Bound - 1}"], h.Drain());
    }

    [Fact]
    public void GeneratorThrows_FailureNamesTheTimestampOperator()
    {
        var h = new Harness(partitions: 1, idleTimeoutMs: 0);
        OperatorException error = Assert.Throws<OperatorException>(() => h.Deliver(0, Harness.Poison));
        Assert.Equal("time", error.OperatorUid);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    private sealed class Harness
    {
        public const long Poison = -1;

        private readonly SpscRing<long> _output;
        private readonly TestReader _reader;

        public Harness(int? partitions, long idleTimeoutMs)
        {
            var graph = new JobGraph("event-time-test",
            [
                new ChainDescriptor(0, [new OperatorDescriptor("in", OperatorKind.Source, "in", "", "long"), new OperatorDescriptor("time", OperatorKind.Timestamp, "TimeOf", "long", "long")], ExchangeKind.Forward),
                new ChainDescriptor(1, [new OperatorDescriptor("out", OperatorKind.Sink, "out", "long", "")], ExchangeKind.Forward),
            ]);
            _reader = partitions is { } count ? new PartitionedReader(count) : new TestReader();
            var options = new JobOptions { Parallelism = 1, WaitStrategy = WaitStrategy.BusySpin, TimeProvider = Clock };
            var plan = new ExecutionPlan(graph, options, new Dictionary<string, object> { ["in"] = new TestSource(_reader) }, new Dictionary<string, object>());
            Task = new TimedTask(plan, idleTimeoutMs);
            _output = plan.GetExchangeInputs<long>(1, 0)[0];
        }

        public ManualClock Clock { get; } = new();

        public TimedTask Task { get; }

        public void Deliver(int partition, params long[] timestamps)
        {
            _reader.Next = (partition, timestamps);
            Assert.Equal(RunStatus.Progress, Task.RunOnce());
        }

        public void Finish()
        {
            _reader.Finished = true;
            Assert.Equal(RunStatus.Finished, Task.RunOnce());
        }

        // What the task slot does every turn: fire the processing-time callback when it is due.
        public void Tick()
        {
            long now = Clock.NowMs;
            if (Task.ProcessingTimeDue <= now)
            {
                Assert.True(Task.FireProcessingTime(now));
            }
        }

        public List<string> Drain()
        {
            var seen = new List<string>();
            while (true)
            {
                ReadOnlySpan<long> records = _output.Peek(100);
                if (!records.IsEmpty)
                {
                    foreach (long r in records)
                    {
                        seen.Add(r.ToString(CultureInfo.InvariantCulture));
                    }

                    _output.Release(records.Length);
                }
                else if (_output.TryTakeControl(out ControlEvent c))
                {
                    seen.Add(c.Kind switch
                    {
                        ControlKind.Watermark => $"wm:{c.Value}",
                        ControlKind.Idle => "idle",
                        ControlKind.Active => "active",
                        ControlKind.EndOfInput => "end",
                        _ => c.Kind.ToString(),
                    });
                }
                else
                {
                    return seen;
                }
            }
        }
    }

    /// <summary>A source chain as the generator writes one: each record is its own timestamp; <see cref="Harness.Poison"/> makes the generator throw.</summary>
    private sealed class TimedTask : SourceChainTask<long>
    {
        private readonly ForwardOutput<long> _output;
        private readonly SourceWatermarks<long, ThrowingOnPoison> _watermarks;

        public TimedTask(ExecutionPlan plan, long idleTimeoutMs)
            : base(plan, 0, 0, "in")
        {
            _output = AddOutput(plan.CreateForwardOutput<long>(1, 0));
            _watermarks = UseWatermarks<long, ThrowingOnPoison>(1, new ThrowingOnPoison(Bound), idleTimeoutMs);
        }

        protected override void ProcessBatch(ReadOnlySpan<long> batch)
        {
            foreach (long x in batch)
            {
                _watermarks.OnEvent(x, x);
                _output.Emit(x);
            }
        }
    }

    private struct ThrowingOnPoison(long bound) : IWatermarkGenerator<long>
    {
        private BoundedOutOfOrdernessWatermarks<long> _inner = new(bound);
        private bool _poisoned;

        public void OnEvent(in long value, long timestamp, ref WatermarkOutput output)
        {
            _poisoned |= value == Harness.Poison;
            _inner.OnEvent(value, timestamp, ref output);
        }

        public readonly void OnPeriodicEmit(ref WatermarkOutput output)
        {
            if (_poisoned)
            {
                throw new InvalidOperationException("poisoned");
            }

            _inner.OnPeriodicEmit(ref output);
        }
    }

    private sealed class TestSource(ISourceReader<long> reader) : ISource<long>
    {
        public ISourceReader<long> CreateReader(int subtask, int parallelism) => reader;
    }

    /// <summary>Hands out exactly the batch the test sets.</summary>
    private class TestReader : ISourceReader<long>
    {
        public (int Partition, long[] Items)? Next { get; set; }

        public bool Finished { get; set; }

        public bool IsFinished => Finished && Next is null;

        public int CurrentPartition { get; private set; }

        public int Read(Span<long> buffer)
        {
            if (Next is not { } next)
            {
                return 0;
            }

            next.Items.CopyTo(buffer);
            CurrentPartition = next.Partition;
            Next = null;
            return next.Items.Length;
        }
    }

    private sealed class PartitionedReader(int partitions) : TestReader, IPartitionedSourceReader<long>
    {
        public int PartitionCount => partitions;
    }
}
