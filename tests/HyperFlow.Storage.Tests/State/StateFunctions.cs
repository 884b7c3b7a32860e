using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Tests.State;

internal struct SumReduce : IReduceFunction<long>
{
    public readonly long Reduce(in long current, in long value) => current + value;
}

/// <summary>Count and sum of the inputs; the result is their mean, rounded down.</summary>
internal struct MeanAggregate : IAggregateFunction<long, (long Count, long Sum), long>
{
    public readonly (long Count, long Sum) CreateAccumulator() => (0, 0);

    public readonly void Add(ref (long Count, long Sum) accumulator, in long value) => accumulator = (accumulator.Count + 1, accumulator.Sum + value);

    public readonly long GetResult(in (long Count, long Sum) accumulator) => accumulator.Sum / accumulator.Count;
}

/// <summary>Joins strings with commas: a reduce whose value grows with every input.</summary>
internal struct JoinReduce : IReduceFunction<string>
{
    public readonly string Reduce(in string current, in string value) => current + "," + value;
}

/// <summary>Counts distinct inputs: an accumulator with references (a set), serialized by MessagePack.</summary>
internal struct DistinctCount : IAggregateFunction<long, HashSet<long>, int>
{
    public readonly HashSet<long> CreateAccumulator() => [];

    public readonly void Add(ref HashSet<long> accumulator, in long value) => accumulator.Add(value);

    public readonly int GetResult(in HashSet<long> accumulator) => accumulator.Count;
}
