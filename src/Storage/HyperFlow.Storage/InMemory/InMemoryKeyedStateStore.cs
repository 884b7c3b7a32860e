using HyperFlow.Storage.Serialization;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.InMemory;

/// <summary>The keyed state of one operator subtask held in memory; see <see cref="InMemoryStateBackend"/>.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
public sealed class InMemoryKeyedStateStore<TKey> : KeyedStateStore<TKey>
    where TKey : notnull
{
    /// <summary>Creates an empty store.</summary>
    /// <param name="context">The operator subtask the store belongs to.</param>
    public InMemoryKeyedStateStore(KeyedStateContext context)
        : base(context)
    {
    }

    /// <inheritdoc />
    public override StateStatistics Statistics
    {
        get
        {
            (long unclaimedEntries, long unclaimedBytes) = Unclaimed;
            long entries = unclaimedEntries;
            long bytes = unclaimedBytes;
            foreach (IStateTable table in Tables)
            {
                entries += table.Entries;
                bytes += table.SizeBytes;
            }

            return new StateStatistics(entries, bytes, Reads, Writes, 0);
        }
    }

    private protected override ValueState<T> CreateValueState<T>(ValueStateDescriptor<T> descriptor)
        => descriptor.Ttl is null
            ? new InMemoryValueState<TKey, T, PlainCell<T>>(new(this, descriptor, PlainCodec<T>()))
            : new InMemoryValueState<TKey, T, TtlCell<T>>(new(this, descriptor, PlainCodec<T>()));

    private protected override ListState<T> CreateListState<T>(ListStateDescriptor<T> descriptor)
    {
        IStateSerializer<T> elements = StateSerializers.For<T>();
        var codec = new CellCodec<List<T>>(
            (in List<T> list, System.Buffers.IBufferWriter<byte> output) => CollectionEncoding.WriteList<T>(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list), elements, output),
            bytes => CollectionEncoding.ReadList(bytes, elements),
            list => [.. list]);
        return descriptor.Ttl is null
            ? new InMemoryListState<TKey, T, PlainCell<List<T>>>(new(this, descriptor, codec))
            : new InMemoryListState<TKey, T, TtlCell<List<T>>>(new(this, descriptor, codec));
    }

    private protected override MapState<TUserKey, TUserValue> CreateMapState<TUserKey, TUserValue>(MapStateDescriptor<TUserKey, TUserValue> descriptor)
    {
        IStateSerializer<TUserKey> keys = StateSerializers.For<TUserKey>();
        IStateSerializer<TUserValue> values = StateSerializers.For<TUserValue>();
        var codec = new CellCodec<Dictionary<TUserKey, TUserValue>>(
            (in Dictionary<TUserKey, TUserValue> map, System.Buffers.IBufferWriter<byte> output) => CollectionEncoding.WriteMap(map, keys, values, output),
            bytes => CollectionEncoding.ReadMap(bytes, keys, values),
            map => new Dictionary<TUserKey, TUserValue>(map));
        return descriptor.Ttl is null
            ? new InMemoryMapState<TKey, TUserKey, TUserValue, PlainCell<Dictionary<TUserKey, TUserValue>>>(new(this, descriptor, codec))
            : new InMemoryMapState<TKey, TUserKey, TUserValue, TtlCell<Dictionary<TUserKey, TUserValue>>>(new(this, descriptor, codec));
    }

    private protected override ReducingState<T> CreateReducingState<T, TReduce>(ReducingStateDescriptor<T, TReduce> descriptor)
        => descriptor.Ttl is null
            ? new InMemoryReducingState<TKey, T, TReduce>(new(this, descriptor, PlainCodec<T>()))
            : new TtlReducingState<TKey, T, TReduce>(new(this, descriptor, PlainCodec<T>()));

    private protected override AggregatingState<TIn, TOut> CreateAggregatingState<TIn, TAcc, TOut, TAggregate>(AggregatingStateDescriptor<TIn, TAcc, TOut, TAggregate> descriptor)
        => descriptor.Ttl is null
            ? new InMemoryAggregatingState<TKey, TIn, TAcc, TOut, TAggregate>(new(this, descriptor, PlainCodec<TAcc>()))
            : new TtlAggregatingState<TKey, TIn, TAcc, TOut, TAggregate>(new(this, descriptor, PlainCodec<TAcc>()));

    private static CellCodec<T> PlainCodec<T>()
    {
        IStateSerializer<T> serializer = StateSerializers.For<T>();
        return new CellCodec<T>(serializer.Serialize, serializer.Deserialize, null, serializer is BlittableSerializer<T>);
    }
}
