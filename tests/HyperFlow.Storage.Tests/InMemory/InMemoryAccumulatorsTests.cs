using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;
using HyperFlow.Storage.Tests.State;

namespace HyperFlow.Storage.Tests.InMemory;

public class InMemoryAccumulatorsTests
{
    [Fact]
    public void AccumulatorsFoldedInPlace_AreTheStatesValues_AndTheirWritesCountWhenCounted()
    {
        using KeyedStateStore<long> store = InMemoryStateBackend.Instance.CreateKeyedStore<long>(new KeyedStateContext("job", "op", 0, 1, 128));
        var mean = (InMemoryAggregatingState<long, long, (long Count, long Sum), long, MeanAggregate>)store.GetAggregatingState(
            new AggregatingStateDescriptor<long, (long Count, long Sum), long, MeanAggregate>("mean"));
        InMemoryAccumulators<long, (long Count, long Sum)> accumulators = mean.Accumulators;
        Assert.True(accumulators.IsAttached);
        Assert.False(default(InMemoryAccumulators<long, (long, long)>).IsAttached);

        ref (long Count, long Sum) added = ref accumulators.GetOrAdd(7);
        Assert.Equal((0, 0), added);
        added = (2, 30);
        accumulators.GetOrAdd(7).Count++;
        accumulators.GetOrAdd(7).Sum += 12;

        store.SetCurrentKey(7L, KeyHash.Of(7L));
        Assert.True(mean.TryGet(out long result));
        Assert.Equal(14, result);
        Assert.Equal(0, store.Statistics.Writes);
        mean.CountWrites(3);
        Assert.Equal(3, store.Statistics.Writes);
        Assert.Equal(1, store.Statistics.Entries);
    }
}
