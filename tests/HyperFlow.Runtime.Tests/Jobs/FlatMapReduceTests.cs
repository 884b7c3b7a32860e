using CsCheck;

namespace HyperFlow.Runtime.Tests.Jobs;

public class FlatMapReduceTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(2);

    [Fact]
    public void DigitCounts_RandomInputs_MatchReference()
    {
        Gen.Select(Gen.Long.Array[0, 2000], Gen.Int[1, 3])
            .Sample(
                t =>
                {
                    (long[] input, int parallelism) = t;
                    var sink = new CollectingSink<DigitCount>();
                    new JobHost(DigitCountJob.Definition, new JobOptions { Parallelism = parallelism, RingCapacity = 64, BatchSize = 16 })
                        .BindSource("numbers", new ArraySource<long>(input))
                        .BindSink("out", sink)
                        .RunAsync()
                        .WaitAsync(s_generous)
                        .GetAwaiter()
                        .GetResult();

                    // Reference: the decimal digits of every input, counted.
                    Dictionary<long, int> expected = input
                        .SelectMany(x => ((decimal)x).ToString(System.Globalization.CultureInfo.InvariantCulture).TrimStart('-').Select(c => (long)(c - '0')))
                        .GroupBy(d => d)
                        .ToDictionary(g => g.Key, g => g.Count());

                    // Each digit's updates come from one subtask, in order: 1, 2, 3, ... up to its count.
                    foreach (List<DigitCount> updates in sink.BySubtask.Values)
                    {
                        foreach (IGrouping<long, DigitCount> byDigit in updates.GroupBy(u => u.Digit))
                        {
                            Assert.Equal(Enumerable.Range(1, expected[byDigit.Key]).Select(c => (long)c), byDigit.Select(u => u.Count));
                        }
                    }

                    Assert.Equal(expected.Keys.Order(), sink.All.Select(u => u.Digit).Distinct().Order());
                },
                iter: 40);
    }

    [Fact]
    public async Task FlatMap_FanOutBeyondRingCapacity_SpillsAndDeliversEverything()
    {
        long[] input = [.. Enumerable.Range(0, 300).Select(i => (long)(i % 50) * 7)];
        var sink = new CollectingSink<long>();
        JobResult result = await new JobHost(FanOutJob.Definition, new JobOptions { Parallelism = 2, RingCapacity = 16, BatchSize = 8 })
            .BindSource("numbers", new ArraySource<long>(input))
            .BindSink("out", sink)
            .RunAsync()
            .WaitAsync(s_generous);

        long[] expected = [.. input.SelectMany(x => Enumerable.Repeat(x, (int)x))];
        Assert.Equal(expected.Order(), sink.All.Order());
        Assert.Equal(input.Length, result.RecordsRead);
        Assert.Equal(expected.Length, result.RecordsWritten);
    }

    [Fact]
    public void Graph_NamesFlatMapAndReduce()
    {
        Assert.Equal([Graph.OperatorKind.Source, Graph.OperatorKind.FlatMap, Graph.OperatorKind.KeyBy], DigitCountJob.Definition.Graph.Chains[0].Operators.Select(o => o.Kind));
        Assert.Equal("digit-counts", DigitCountJob.Definition.Graph.Chains[1].Operators[0].Uid);
        Assert.Equal(Graph.OperatorKind.Reduce, DigitCountJob.Definition.Graph.Chains[1].Operators[0].Kind);
    }
}
