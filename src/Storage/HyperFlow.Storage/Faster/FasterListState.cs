using System.Buffers;
using HyperFlow.Storage.Serialization;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// A FASTER-backed <see cref="ListState{T}"/>, for any element type: one record per key holding
/// the encoded list (<see cref="CollectionEncoding"/>'s elements, the count in the record's header).
/// </summary>
/// <remarks>
/// Costs: <see cref="Add"/> and <see cref="AddRange"/> serialize only the new elements and are one
/// FASTER read-modify-write that appends them in place while the record is in the mutable part of
/// the log and has spare capacity (a record grows by half again when it is copied); otherwise FASTER
/// copies the whole list to the log's tail (O(list bytes), as for a record read back from disk).
/// <see cref="Get"/> copies the list's bytes out and deserializes every element into a new array
/// (O(list)). <see cref="Update"/> serializes the new list and writes it in place when it fits.
/// <see cref="Clear"/> appends a tombstone. A list must fit in one log page
/// (<see cref="FasterStoreOptions.PageSizeBytes"/>); a write that would outgrow it fails with a
/// <see cref="StateException"/>.
/// </remarks>
internal sealed class FasterListState<TKey, T>(FasterBytesStateTable<TKey, NoBytesFold> table) : ListState<T>, IStateHandle
    where TKey : notnull
{
    private readonly IStateSerializer<T> _elements = StateSerializers.For<T>();

    public IStateTable Table => table;

    public override void Add(in T value)
    {
        IBufferWriter<byte> operand = table.Begin();
        table.SerializeItem(_elements, value, operand);
        table.Write(FasterBytesCommand.Append, 1);
    }

    public override void AddRange(ReadOnlySpan<T> values)
    {
        if (!values.IsEmpty)
        {
            Write(FasterBytesCommand.Append, values);
        }
    }

    public override ReadOnlySpan<T> Get()
    {
        table.Begin();
        if (!table.Read(FasterBytesCommand.ReadValue))
        {
            return [];
        }

        ReadOnlyMemory<byte> payload = table.ReadPayload;
        var elements = new T[table.ReadCount];
        int position = 0;
        for (int i = 0; i < elements.Length; i++)
        {
            elements[i] = table.DeserializeItem(_elements, payload, ref position);
        }

        return elements;
    }

    public override void Update(ReadOnlySpan<T> values)
    {
        if (values.IsEmpty)
        {
            Clear();
            return;
        }

        Write(FasterBytesCommand.Set, values);
    }

    public override void Clear() => table.Delete();

    private void Write(FasterBytesCommand command, ReadOnlySpan<T> values)
    {
        IBufferWriter<byte> operand = table.Begin();
        foreach (T value in values)
        {
            table.SerializeItem(_elements, value, operand);
        }

        table.Write(command, values.Length);
    }
}
