using HyperFlow.Runtime.Execution;
using Microsoft.Extensions.Logging;

namespace HyperFlow.Runtime.Tests.Jobs;

public class FailureTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task SourceThrows_FailsNamingTheSource()
    {
        var host = new JobHost(SumJob.Definition, new JobOptions { Parallelism = 2 })
            .BindSource("numbers", new ThrowingSource())
            .BindSink("sums", new CountingSink());

        var error = await Assert.ThrowsAsync<OperatorException>(() => host.RunAsync().WaitAsync(s_generous));

        Assert.Equal("numbers", error.OperatorUid);
        Assert.IsType<IOException>(error.InnerException);
        Assert.Contains("Operator 'numbers' (Source numbers)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SinkThrows_FailsNamingTheSink()
    {
        var host = new JobHost(SumJob.Definition, new JobOptions { Parallelism = 1 })
            .BindSource("numbers", new ArraySource<long>([.. Enumerable.Range(0, 10_000).Select(i => (long)i * 2)]))
            .BindSink("sums", new ThrowingSink());

        var error = await Assert.ThrowsAsync<OperatorException>(() => host.RunAsync().WaitAsync(s_generous));

        Assert.Equal("sums", error.OperatorUid);
        Assert.Equal(0, error.Subtask);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public async Task Logger_ReceivesStartFinishAndFailure()
    {
        var logger = new ListLogger();
        await new JobHost(SumJob.Definition, new JobOptions { Parallelism = 1, Logger = logger })
            .BindSource("numbers", new ArraySource<long>([2, 4, 6]))
            .BindSink("sums", new CountingSink())
            .RunAsync()
            .WaitAsync(s_generous);
        var failing = new JobHost(SumJob.Definition, new JobOptions { Parallelism = 1, Logger = logger })
            .BindSource("numbers", new ThrowingSource())
            .BindSink("sums", new CountingSink());
        await Assert.ThrowsAsync<OperatorException>(() => failing.RunAsync().WaitAsync(s_generous));

        Assert.Contains(logger.Lines, l => l.StartsWith("Information: Job 'test-sum' starting: parallelism 1", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, l => l.StartsWith("Information: Job 'test-sum' finished: 3 records", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, l => l.StartsWith("Error: Job 'test-sum' failed", StringComparison.Ordinal));
    }

    private sealed class ThrowingSource : ISource<long>
    {
        public ISourceReader<long> CreateReader(int subtask, int parallelism) => new Reader();

        private sealed class Reader : ISourceReader<long>
        {
            public bool IsFinished => false;

            public int Read(Span<long> buffer) => throw new IOException("connection reset");
        }
    }

    private sealed class ThrowingSink : ISink<KeyedValue<long, long>>
    {
        public ISinkWriter<KeyedValue<long, long>> CreateWriter(int subtask, int parallelism) => new Writer();

        private sealed class Writer : ISinkWriter<KeyedValue<long, long>>
        {
            public void Write(ReadOnlySpan<KeyedValue<long, long>> batch) => throw new InvalidOperationException("disk full");

            public void Complete()
            {
            }
        }
    }
}
