using HyperFlow.Runtime.Execution;
using HyperFlow.Runtime.Tests.Jobs;

namespace HyperFlow.Runtime.Tests.Process;

public class ProcessFailureTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task TimerWithoutOnTimerMethod_FailsSayingWhatToAdd()
    {
        var host = new JobHost(TimerWithoutHandlerJob.Definition, new JobOptions { Parallelism = 1 })
            .BindSource("numbers", new ArraySource<long>([1, 2, 3]))
            .BindSink("out", new QueueSink<long>());

        var error = await Assert.ThrowsAsync<OperatorException>(() => host.RunAsync().WaitAsync(s_generous));

        Assert.Equal("TimerWithoutHandler", error.OperatorUid);
        var cause = Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Contains("Process function 'TimerWithoutHandler' (operator 'TimerWithoutHandler' of job 'test-timer-without-handler') registered a timer but has no [OnTimer] method", cause.Message, StringComparison.Ordinal);
        Assert.Contains("[OnTimer] public void OnTimer(long time, TimerContext<Int64> context, Collector<TOut> output)", cause.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnTimerThrows_FailsNamingTheProcessFunction()
    {
        // Timers at the values: the end of input (watermark long.MaxValue) fires them.
        var host = new JobHost(ThrowingTimerJob.Definition, new JobOptions { Parallelism = 2 })
            .BindSource("numbers", new ArraySource<long>([5, 6]))
            .BindSink("out", new QueueSink<long>());

        var error = await Assert.ThrowsAsync<OperatorException>(() => host.RunAsync().WaitAsync(s_generous));

        Assert.Equal("ThrowingTimer", error.OperatorUid);
        Assert.Contains("(Process ThrowingTimer)", error.Message, StringComparison.Ordinal);
        Assert.Matches("timer at (5|6) of key (5|6)", Assert.IsType<InvalidDataException>(error.InnerException).Message);
    }
}
