using System.Collections.Concurrent;
using HyperFlow.Graph;
using HyperFlow.Runtime.Exchange;
using HyperFlow.Runtime.Execution;
using HyperFlow.Runtime.Tests.Time;

namespace HyperFlow.Runtime.Tests.Execution;

/// <summary>
/// The task slot's processing-time callback, on a running job with a hand-moved clock: a chain that
/// asks for a callback one second after its first record gets it once, at that time, not before.
/// </summary>
public class ProcessingTimeTests
{
    private const long DelayMs = 1_000;
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData(WaitStrategy.Blocking)]
    [InlineData(WaitStrategy.BusySpin)]
    public async Task Callback_FiresOnceWhenProcessingTimeReachesIt(WaitStrategy strategy)
    {
        var clock = new ManualClock();
        long start = clock.NowMs;
        var source = new FeedSource();
        var sink = new Sink();
        Task<JobResult> run = new JobHost(new TimerJob(), new JobOptions { Parallelism = 1, WaitStrategy = strategy, TimeProvider = clock })
            .BindSource("in", source)
            .BindSink("out", sink)
            .RunAsync();

        source.Feed(1, 2, 3);
        Assert.True(SpinWait.SpinUntil(() => sink.Items.Count == 3, s_generous), "the records did not arrive");

        // One millisecond early: a record that passes the chain after the clock moved shows nothing fired.
        clock.Advance(TimeSpan.FromMilliseconds(DelayMs - 1));
        source.Feed(4);
        Assert.True(SpinWait.SpinUntil(() => sink.Items.Count == 4, s_generous), "the probe did not arrive");

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(SpinWait.SpinUntil(() => sink.Items.Count == 5, s_generous), "the callback did not fire");

        source.Finish();
        await run.WaitAsync(s_generous);
        Assert.Equal([1, 2, 3, 4, -(start + DelayMs)], sink.Items);
    }

    /// <summary>source → forward → a chain that, one second after its first record, emits minus the time of the callback.</summary>
    private sealed class TimerJob() : JobDefinition(new JobGraph("processing-time-test",
    [
        new ChainDescriptor(0, [new OperatorDescriptor("in", OperatorKind.Source, "in", "", "long")], ExchangeKind.Forward),
        new ChainDescriptor(1, [new OperatorDescriptor("delay", OperatorKind.Map, "Delay", "long", "long"), new OperatorDescriptor("out", OperatorKind.Sink, "out", "long", "")], ExchangeKind.Forward),
    ]))
    {
        protected override void CreateSubtasks(ExecutionPlan plan, int subtask, List<ChainTask> tasks)
        {
            tasks.Add(new ForwardSource(plan, subtask));
            tasks.Add(new DelayTask(plan, subtask));
        }
    }

    private sealed class ForwardSource : SourceChainTask<long>
    {
        private readonly ForwardOutput<long> _output;

        public ForwardSource(ExecutionPlan plan, int subtask)
            : base(plan, 0, subtask, "in")
            => _output = AddOutput(plan.CreateForwardOutput<long>(1, subtask));

        protected override void ProcessBatch(ReadOnlySpan<long> batch)
        {
            foreach (long x in batch)
            {
                _output.Emit(x);
            }
        }
    }

    private sealed class DelayTask : ExchangeInputChainTask<long>
    {
        private readonly SinkOutput<long> _output;
        private long _due = long.MaxValue;
        private bool _scheduled;

        public DelayTask(ExecutionPlan plan, int subtask)
            : base(plan, 1, subtask)
            => _output = AddOutput(plan.CreateSinkOutput<long>("out", subtask));

        protected override long NextProcessingTime => _due;

        protected override void ProcessBatch(ReadOnlySpan<long> batch)
        {
            if (!_scheduled)
            {
                _due = CurrentProcessingTime() + DelayMs;
                _scheduled = true;
            }

            foreach (long x in batch)
            {
                _output.Emit(x);
            }
        }

        protected override void OnProcessingTime(long time)
        {
            _output.EmitChecked(-time);
            _due = long.MaxValue;
        }
    }

    private sealed class FeedSource : ISource<long>
    {
        private readonly ConcurrentQueue<long> _items = new();
        private volatile bool _finished;

        public void Feed(params long[] items)
        {
            foreach (long x in items)
            {
                _items.Enqueue(x);
            }
        }

        public void Finish() => _finished = true;

        public ISourceReader<long> CreateReader(int subtask, int parallelism) => new Reader(this);

        private sealed class Reader(FeedSource owner) : ISourceReader<long>
        {
            public bool IsFinished => owner._finished && owner._items.IsEmpty;

            public int Read(Span<long> buffer)
            {
                int n = 0;
                while (n < buffer.Length && owner._items.TryDequeue(out long x))
                {
                    buffer[n++] = x;
                }

                return n;
            }
        }
    }

    private sealed class Sink : ISink<long>
    {
        private readonly List<long> _items = [];

        public IReadOnlyList<long> Items
        {
            get
            {
                lock (_items)
                {
                    return [.. _items];
                }
            }
        }

        public ISinkWriter<long> CreateWriter(int subtask, int parallelism) => new Writer(this);

        private sealed class Writer(Sink owner) : ISinkWriter<long>
        {
            public void Write(ReadOnlySpan<long> batch)
            {
                lock (owner._items)
                {
                    owner._items.AddRange(batch);
                }
            }

            public void Complete()
            {
            }
        }
    }
}
