using CsCheck;
using HyperFlow.Runtime.Tests.Time;

namespace HyperFlow.Runtime.Tests.Process;

/// <summary>
/// The generated <see cref="ClickJob"/> on the real engine with a hand-moved clock, at parallelism 1
/// and 2: clicks come in rounds; after each round (once every click has been processed) the clock
/// moves past the timers, which then emit each user's count for the round at the timer's time.
/// </summary>
public class ProcessingTimeProcessTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void RandomRounds_EachUsersCountFiresOnceTheClockPassesItsTimer(int parallelism)
    {
        Gen.Long[1, 6].Array[0, 40].Array[1, 4]
            .Sample(rounds => RunRounds(rounds, parallelism), iter: 8, threads: 1);
    }

    [Fact]
    public async Task PendingTimer_DoesNotFireBeforeItsTime()
    {
        var clock = new ManualClock();
        var source = new FeedSource<Click>(1);
        var sink = new QueueSink<ClickCount>();
        Task<JobResult> run = Start(clock, source, sink, 1);

        source.Feed(0, new Click(7));
        Assert.True(SpinWait.SpinUntil(() => sink.Records.Count == 1, s_generous), "the click was not processed");
        clock.Advance(TimeSpan.FromMilliseconds(ClickCounts.DelayMs - 1));
        source.Feed(0, new Click(7));
        Assert.True(SpinWait.SpinUntil(() => sink.Records.Count == 2, s_generous), "the second click was not processed");
        // One millisecond short of the timer: nothing fired, the second click counted with the first.
        Assert.DoesNotContain(sink.Records, c => c.Fired);
        Assert.Equal(2, sink.Records.Last().Count);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(SpinWait.SpinUntil(() => sink.Records.Count == 3, s_generous), "the timer did not fire");
        Assert.Equal(new ClickCount(7, 2, Fired: true, clock.NowMs), sink.Records.Last());
        source.Finish();
        await run.WaitAsync(s_generous);
    }

    private static void RunRounds(long[][] rounds, int parallelism)
    {
        var clock = new ManualClock();
        var source = new FeedSource<Click>(parallelism);
        var sink = new QueueSink<ClickCount>();
        Task<JobResult> run = Start(clock, source, sink, parallelism);
        int clicks = 0;
        int fired = 0;
        foreach (long[] round in rounds)
        {
            long start = clock.NowMs;
            for (int i = 0; i < round.Length; i++)
            {
                source.Feed(i % parallelism, new Click(round[i]));
            }

            clicks += round.Length;
            Assert.True(SpinWait.SpinUntil(() => sink.Records.Count(c => !c.Fired) == clicks, s_generous), "the round's clicks were not processed");
            // Each click counted at the round's processing time, 1, 2, ... per user.
            var counted = sink.Records.Where(c => !c.Fired).Skip(clicks - round.Length).ToList();
            Assert.All(counted, c => Assert.Equal(start, c.TimeMs));
            Assert.Equal(
                round.GroupBy(u => u).SelectMany(g => Enumerable.Range(1, g.Count()).Select(n => (g.Key, (long)n))).Order(),
                counted.Select(c => (c.User, c.Count)).Order());
            clock.Advance(TimeSpan.FromMilliseconds(ClickCounts.DelayMs));
            var expected = round.GroupBy(u => u).Select(g => new ClickCount(g.Key, g.Count(), Fired: true, start + ClickCounts.DelayMs)).OrderBy(c => c.User).ToList();
            fired += expected.Count;
            Assert.True(SpinWait.SpinUntil(() => sink.Records.Count(c => c.Fired) == fired, s_generous), "the round's timers did not fire");
            Assert.Equal(expected, sink.Records.Where(c => c.Fired).Skip(fired - expected.Count).OrderBy(c => c.User));
        }

        source.Finish();
        JobResult result = run.WaitAsync(s_generous).GetAwaiter().GetResult();
        Assert.Equal(clicks + fired, result.RecordsWritten);
    }

    private static Task<JobResult> Start(ManualClock clock, FeedSource<Click> source, QueueSink<ClickCount> sink, int parallelism)
        => new JobHost(ClickJob.Definition, new JobOptions { Parallelism = parallelism, TimeProvider = clock })
            .BindSource("clicks", source)
            .BindSink("counts", sink)
            .RunAsync();
}
