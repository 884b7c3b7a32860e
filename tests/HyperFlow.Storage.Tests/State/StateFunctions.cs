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
