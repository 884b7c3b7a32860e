using HyperFlow.Runtime.Execution;
using HyperFlow.Runtime.Tests.Jobs;

namespace HyperFlow.Runtime.Tests.Process;

/// <summary>Side output tags are equal by name, as Flink's; one name read as another type fails loudly.</summary>
[Collection(nameof(SideOutputTagTests))]
[CollectionDefinition(nameof(SideOutputTagTests), DisableParallelization = true)]
public class SideOutputTagTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(1);

    [Fact]
    public void Tags_OfOneNameAndType_AreEqual()
    {
        Assert.Equal(new OutputTag<long>("odd"), TagByNameJob.Odd);
        Assert.NotEqual(new OutputTag<long>("even"), TagByNameJob.Odd);
        Assert.Equal(new OutputTag<long>("odd").GetHashCode(), TagByNameJob.Odd.GetHashCode());
        Assert.Throws<ArgumentException>(() => new OutputTag<long>(" "));
    }

    [Fact]
    public async Task TagCreatedInTheFunction_ReachesTheSideOutputOfItsName()
    {
        OddToSide.WrongType = false;
        var evens = new QueueSink<long>();
        var odds = new QueueSink<long>();
        await Run(evens, odds);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i * 2), evens.Records.Order());
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)(i * 2) + 1), odds.Records.Order());
    }

    [Fact]
    public async Task TagOfTheNameButAnotherType_FailsTheJobSayingSo()
    {
        OddToSide.WrongType = true;
        try
        {
            var error = await Assert.ThrowsAsync<OperatorException>(() => Run(new QueueSink<long>(), new QueueSink<long>()));
            var cause = Assert.IsType<InvalidOperationException>(error.InnerException);
            Assert.Equal(
                "Process function 'OddToSide' (operator 'OddToSide' of job 'test-tag-by-name') emitted a Int32 to side output 'odd', but the pipeline reads that side output as another type. Give each side output one OutputTag field and use it in the function and the pipeline.",
                cause.Message);
        }
        finally
        {
            OddToSide.WrongType = false;
        }
    }

    private static Task<JobResult> Run(QueueSink<long> evens, QueueSink<long> odds)
        => new JobHost(TagByNameJob.Definition, new JobOptions { Parallelism = 2 })
            .BindSource("numbers", new ArraySource<long>([.. Enumerable.Range(0, 100).Select(i => (long)i)]))
            .BindSink("evens", evens)
            .BindSink("odds", odds)
            .RunAsync()
            .WaitAsync(s_generous);
}
