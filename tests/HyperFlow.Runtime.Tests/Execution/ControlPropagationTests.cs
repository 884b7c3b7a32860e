using HyperFlow.Graph;
using HyperFlow.Runtime.Exchange;
using HyperFlow.Runtime.Execution;
using HyperFlow.Runtime.Sequencing;

namespace HyperFlow.Runtime.Tests.Execution;

/// <summary>
/// A chain with two inputs, driven by hand on the test thread: what it forwards, and in which order,
/// when watermarks, barriers and end of input arrive between records.
/// </summary>
public class ControlPropagationTests
{
    [Fact]
    public void Watermark_IsMinimumOverInputsAndForwardedOnlyWhenItAdvances()
    {
        var h = new Harness();
        h.Control(0, ControlKind.Watermark, 10);
        h.Run();
        Assert.Empty(h.Drain());

        h.Control(1, ControlKind.Watermark, 5);
        h.Record(1, 100);
        h.Run();
        Assert.Equal(["wm:5", "101"], h.Drain());

        h.Control(1, ControlKind.Watermark, 20);
        h.Run();
        Assert.Equal(["wm:10"], h.Drain());

        h.Control(0, ControlKind.Watermark, 30);
        h.Run();
        Assert.Equal(["wm:20"], h.Drain());

        h.Control(0, ControlKind.Watermark, 7);
        h.Run();
        Assert.Empty(h.Drain());
    }

    [Fact]
    public void Barrier_InputStopsAfterItsBarrierUntilAllInputsDeliveredIt()
    {
        var h = new Harness();
        h.Record(0, 1);
        h.Control(0, ControlKind.Barrier, 7);
        h.Record(0, 2);
        h.Record(1, 10);
        h.Run();
        List<string> before = h.Drain();
        Assert.Equal(["11", "2"], before.Order(StringComparer.Ordinal));

        h.Record(1, 20);
        h.Control(1, ControlKind.Barrier, 7);
        h.Run();
        List<string> after = h.Drain();
        // Record 20 came before input 1's barrier; record 2 after input 0's: the barrier separates them.
        Assert.Equal(["21", "barrier:7", "3"], after);
    }

    [Fact]
    public void EndOfInput_AllInputsEnded_ForwardsFinalWatermarkThenEnd()
    {
        var h = new Harness();
        h.Control(0, ControlKind.Watermark, 3);
        h.Control(1, ControlKind.Watermark, 4);
        h.Run();
        Assert.Equal(["wm:3"], h.Drain());

        // The ended input no longer holds the watermark back.
        h.Control(0, ControlKind.EndOfInput, 0);
        h.Run();
        Assert.Equal(["wm:4"], h.Drain());
        Assert.False(h.Finished);

        h.Record(1, 5);
        h.Control(1, ControlKind.EndOfInput, 0);
        h.Run();
        Assert.Equal(["6", $"wm:{long.MaxValue}", "end"], h.Drain());
        Assert.True(h.Finished);
    }

    [Fact]
    public void EndOfInput_EndedInputCountsAsAlignedForBarriers()
    {
        var h = new Harness();
        h.Control(0, ControlKind.Barrier, 1);
        h.Record(0, 1);
        h.Run();
        Assert.Empty(h.Drain());

        h.Control(1, ControlKind.EndOfInput, 0);
        h.Run();
        Assert.Equal(["barrier:1", "2"], h.Drain());
    }

    [Fact]
    public void IdleInput_LeftOutOfMinimumUntilActiveAgain()
    {
        var h = new Harness();
        h.Control(0, ControlKind.Watermark, 10);
        h.Control(1, ControlKind.Idle, 0);
        h.Run();
        Assert.Equal(["wm:10"], h.Drain());

        // Both inputs idle: the output is idle too, and the watermark stays.
        h.Control(0, ControlKind.Idle, 0);
        h.Run();
        Assert.Equal(["idle"], h.Drain());

        h.Control(1, ControlKind.Active, 0);
        h.Control(1, ControlKind.Watermark, 25);
        h.Run();
        Assert.Equal(["active", "wm:25"], h.Drain());

        // Input 0 comes back behind the watermark: it does not pull it back, nor hold it until it catches up.
        h.Control(0, ControlKind.Active, 0);
        h.Control(0, ControlKind.Watermark, 20);
        h.Control(1, ControlKind.Watermark, 40);
        h.Run();
        Assert.Equal(["wm:40"], h.Drain());
    }

    [Fact]
    public void OnWatermark_WhatItEmitsGoesOutBeforeTheWatermark()
    {
        var fired = new List<long>();
        var h = new Harness(onWatermark: w =>
        {
            fired.Add(w);
            return [-w];
        });
        h.Record(0, 1);
        h.Control(0, ControlKind.Watermark, 10);
        h.Control(1, ControlKind.Watermark, 12);
        h.Run();
        Assert.Equal(["2", "-10", "wm:10"], h.Drain());

        h.Control(0, ControlKind.EndOfInput, 0);
        h.Run();
        Assert.Equal(["-12", "wm:12"], h.Drain());

        h.Control(1, ControlKind.EndOfInput, 0);
        h.Run();
        Assert.Equal([$"-{long.MaxValue}", $"wm:{long.MaxValue}", "end"], h.Drain());
        Assert.Equal([10, 12, long.MaxValue], fired);
    }

    [Fact]
    public void OnWatermark_EmitsMoreThanTheRingHolds_WatermarkAndLaterRecordsWaitBehindThem()
    {
        // A ring of 2 and a callback that emits 5 records: 3 wait in the spill, the watermark behind them,
        // and the record after the watermark on the input that completes it (read in the same turn) behind that.
        var h = new Harness(ringCapacity: 2, batchSize: 2, onWatermark: w => [w + 1, w + 2, w + 3, w + 4, w + 5]);
        h.Control(0, ControlKind.Watermark, 100);
        h.Control(1, ControlKind.Watermark, 100);
        h.Record(1, 7);
        var seen = new List<string>();
        for (int turn = 0; turn < 20; turn++)
        {
            h.RunOnce();
            seen.AddRange(h.Drain(2));
        }

        seen.AddRange(h.Drain());
        Assert.Equal(["101", "102", "103", "104", "105", "wm:100", "8"], seen);
    }

    [Fact]
    public void OneTurn_TakesUpToABatchOfRecordsAndTheControlEventsBetweenThem()
    {
        // An upstream source emits a watermark after each batch; a turn that stopped at it would leave the
        // records behind it for another turn, and the ring would fill up and stop the producer.
        var h = new Harness(batchSize: 4);
        h.Record(0, 1);
        h.Control(0, ControlKind.Watermark, 10);
        for (long r = 2; r <= 5; r++)
        {
            h.Record(0, r);
        }

        h.Control(1, ControlKind.Watermark, 10);
        Assert.Equal(RunStatus.Progress, h.RunOnce());
        Assert.Equal(["2", "3", "4", "5", "wm:10"], h.Drain());

        // The fifth record was beyond the batch: the next turn takes it.
        Assert.Equal(RunStatus.Progress, h.RunOnce());
        Assert.Equal(["6"], h.Drain());
    }

    [Fact]
    public void Backpressure_EveryInputGetsItsTurn()
    {
        // The output takes 2 records per turn; input 0 has plenty, input 1 has one record. Input 1's
        // record must get through long before input 0 runs dry.
        var h = new Harness(ringCapacity: 2, batchSize: 2);
        for (int i = 0; i < 100; i++)
        {
            h.Record(0, 1000 + i);
        }

        h.Record(1, 7);
        var delivered = new List<string>();
        for (int turn = 0; turn < 10; turn++)
        {
            h.RunOnce();
            delivered.AddRange(h.Drain(2));
        }

        Assert.Contains("8", delivered);
    }

    private sealed class Harness
    {
        private readonly SpscRing<long>[] _inputs;
        private readonly SpscRing<long> _output;
        private readonly IncrementTask _task;
        private RunStatus _last;

        public Harness(int ringCapacity = 4096, int batchSize = 256, Func<long, long[]>? onWatermark = null)
        {
            var graph = new JobGraph("control-test",
            [
                new ChainDescriptor(0, [new OperatorDescriptor("in", OperatorKind.Source, "in", "", "long")], ExchangeKind.Forward),
                new ChainDescriptor(1, [new OperatorDescriptor("inc", OperatorKind.Map, "Increment", "long", "long")], ExchangeKind.Hash),
                new ChainDescriptor(2, [new OperatorDescriptor("out", OperatorKind.Sink, "out", "long", "")], ExchangeKind.Forward),
            ]);
            var plan = new ExecutionPlan(graph, new JobOptions { Parallelism = 2, WaitStrategy = WaitStrategy.BusySpin, RingCapacity = ringCapacity, BatchSize = batchSize }, new Dictionary<string, object>(), new Dictionary<string, object>());
            _task = new IncrementTask(plan, onWatermark);
            _inputs = plan.GetExchangeInputs<long>(1, 0);
            _output = plan.GetExchangeInputs<long>(2, 0)[0];
        }

        public bool Finished => _last == RunStatus.Finished;

        public void Record(int input, long value)
        {
            _inputs[input].Write(value);
            _inputs[input].Publish();
        }

        public void Control(int input, ControlKind kind, long value) => Assert.True(_inputs[input].TryPublishControl(kind, value));

        public RunStatus RunOnce() => _last = _task.RunOnce();

        public List<string> Drain(int max)
        {
            var seen = new List<string>();
            ReadOnlySpan<long> records = _output.Peek(max);
            foreach (long r in records)
            {
                seen.Add(r.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            _output.Release(records.Length);
            if (records.IsEmpty && _output.TryTakeControl(out ControlEvent c))
            {
                seen.Add(Describe(c));
            }

            return seen;
        }

        public void Run()
        {
            for (int i = 0; i < 100 && (_last = _task.RunOnce()) == RunStatus.Progress; i++)
            {
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
                        seen.Add(r.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }

                    _output.Release(records.Length);
                }
                else if (_output.TryTakeControl(out ControlEvent c))
                {
                    seen.Add(Describe(c));
                }
                else
                {
                    return seen;
                }
            }
        }
    }

    private static string Describe(ControlEvent c) => c.Kind switch
    {
        ControlKind.Watermark => $"wm:{c.Value}",
        ControlKind.Barrier => $"barrier:{c.Value}",
        ControlKind.Idle => "idle",
        ControlKind.Active => "active",
        _ => "end",
    };

    /// <summary>Adds 1 to every record; on a watermark emits what <c>onWatermark</c> returns, as a window operator would.</summary>
    private sealed class IncrementTask : ExchangeInputChainTask<long>
    {
        private readonly ForwardOutput<long> _output;
        private readonly Func<long, long[]>? _onWatermark;

        public IncrementTask(ExecutionPlan plan, Func<long, long[]>? onWatermark)
            : base(plan, 1, 0)
        {
            _output = AddOutput(plan.CreateForwardOutput<long>(2, 0));
            _onWatermark = onWatermark;
        }

        protected override void OnWatermark(long watermark)
        {
            foreach (long x in _onWatermark?.Invoke(watermark) ?? [])
            {
                _output.EmitChecked(x);
            }
        }

        protected override void ProcessBatch(ReadOnlySpan<long> batch)
        {
            foreach (long x in batch)
            {
                _output.Emit(x + 1);
            }
        }
    }
}
