using System.Buffers;
using HyperFlow.Storage.Serialization;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// A FASTER-backed <see cref="MapState{TUserKey, TUserValue}"/>, for any key and value types: one
/// record per key holding the encoded map (<see cref="CollectionEncoding"/>'s entries, the count in
/// the record's header). Map keys are compared by their serialized bytes.
/// </summary>
/// <remarks>
/// Costs, for a map of n entries and b bytes: <see cref="TryGet"/> is one FASTER read that scans
/// the entries inside FASTER (O(b) byte comparisons, no deserialization) and copies out and
/// deserializes only the value found. <see cref="Count"/> reads the record's header only.
/// <see cref="Put"/> serializes the entry and is one read-modify-write that scans the entries,
/// moves the ones after a replaced entry and appends the new one, in place while the record is in
/// the mutable part of the log and has spare capacity, else into a copy at the log's tail (O(b)).
/// <see cref="Remove"/> is the same and waits for its result (also when the record is on disk); the
/// last entry's removal deletes the record. <see cref="Entries"/> copies the map out and
/// deserializes all of it (O(n)). A map must fit in one log page
/// (<see cref="FasterStoreOptions.PageSizeBytes"/>); a put that would outgrow it fails with a
/// <see cref="StateException"/>.
/// </remarks>
internal sealed class FasterMapState<TKey, TUserKey, TUserValue>(FasterBytesStateTable<TKey, NoBytesFold> table)
    : MapState<TUserKey, TUserValue>, IStateHandle
    where TKey : notnull
    where TUserKey : notnull
{
    private readonly IStateSerializer<TUserKey> _keys = StateSerializers.For<TUserKey>();
    private readonly IStateSerializer<TUserValue> _values = StateSerializers.For<TUserValue>();

    public IStateTable Table => table;

    public override int Count
    {
        get
        {
            table.Begin();
            return table.Read(FasterBytesCommand.ReadHeader) ? table.ReadCount : 0;
        }
    }

    public override bool TryGet(in TUserKey key, out TUserValue value)
    {
        IBufferWriter<byte> operand = table.Begin();
        table.Serialize(_keys, key, operand);
        if (!table.Read(FasterBytesCommand.ReadMapValue) || !table.ReadMatched)
        {
            value = default!;
            return false;
        }

        value = table.Deserialize(_values, table.ReadPayload);
        return true;
    }

    public override void Put(in TUserKey key, in TUserValue value)
    {
        IBufferWriter<byte> operand = table.Begin();
        table.SerializeItem(_keys, key, operand);
        table.SerializeItem(_values, value, operand);
        table.Write(FasterBytesCommand.MapPut, 1);
    }

    public override bool Remove(in TUserKey key)
    {
        IBufferWriter<byte> operand = table.Begin();
        table.Serialize(_keys, key, operand);
        return table.RemoveFromMap();
    }

    public override IEnumerable<KeyValuePair<TUserKey, TUserValue>> Entries()
    {
        table.Begin();
        if (!table.Read(FasterBytesCommand.ReadValue))
        {
            return [];
        }

        ReadOnlyMemory<byte> payload = table.ReadPayload;
        var entries = new List<KeyValuePair<TUserKey, TUserValue>>(table.ReadCount);
        int position = 0;
        while (position < payload.Length)
        {
            TUserKey key = table.DeserializeItem(_keys, payload, ref position);
            entries.Add(new(key, table.DeserializeItem(_values, payload, ref position)));
        }

        return entries;
    }

    public override void Clear() => table.Delete();
}
