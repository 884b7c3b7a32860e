using System.Buffers;
using FASTER.core;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// The first pass of a <see cref="FasterBytesTable{TFold}"/> scan: over the whole log, in address
/// order, so the last record seen of a key is its latest; keeps each distinct key's bytes and the
/// address of its latest record, and whether that record is a tombstone.
/// </summary>
internal readonly struct FasterLatestRecords : IScanIteratorFunctions<SpanByte, SpanByte>
{
    // Every distinct key's bytes, back to back; the dictionary's keys are slices of them, so a key costs no allocation of its own.
    private readonly ArrayBufferWriter<byte> _keys = new(4096);

    // The latest record of each key: its address, complemented (negative) when it is a tombstone.
    private readonly Dictionary<KeySlice, long> _latest;
    private readonly Dictionary<KeySlice, long>.AlternateLookup<ReadOnlySpan<byte>> _byBytes;

    public FasterLatestRecords()
    {
        _latest = new Dictionary<KeySlice, long>(new KeySliceComparer(_keys));
        _byBytes = _latest.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>The addresses of the latest records that are not tombstones (one per key with a value), ascending.</summary>
    public long[] LiveAddresses()
    {
        var live = new List<long>(_latest.Count);
        foreach (long address in _latest.Values)
        {
            if (address >= 0)
            {
                live.Add(address);
            }
        }

        long[] sorted = [.. live];
        Array.Sort(sorted);
        return sorted;
    }

    public bool OnStart(long beginAddress, long endAddress) => true;

    public bool SingleReader(ref SpanByte key, ref SpanByte value, RecordMetadata recordMetadata, long numberOfRecords)
    {
        _byBytes[key.AsReadOnlySpan()] = recordMetadata.RecordInfo.Tombstone ? ~recordMetadata.Address : recordMetadata.Address;
        return true;
    }

    public bool ConcurrentReader(ref SpanByte key, ref SpanByte value, RecordMetadata recordMetadata, long numberOfRecords) =>
        SingleReader(ref key, ref value, recordMetadata, numberOfRecords);

    public void OnStop(bool completed, long numberOfRecords)
    {
    }

    // FASTER rethrows the exception after reporting it; nothing to keep.
    public void OnException(Exception exception, long numberOfRecords)
    {
    }

    /// <summary>A key's bytes in the shared buffer, with their hash.</summary>
    private readonly record struct KeySlice(int Offset, int Length, int Hash);

    /// <summary>Compares keys by their bytes, and looks them up by a span without copying it first.</summary>
    private sealed class KeySliceComparer(ArrayBufferWriter<byte> keys) : IEqualityComparer<KeySlice>, IAlternateEqualityComparer<ReadOnlySpan<byte>, KeySlice>
    {
        public bool Equals(KeySlice x, KeySlice y) => x.Hash == y.Hash && Bytes(x).SequenceEqual(Bytes(y));

        public int GetHashCode(KeySlice obj) => obj.Hash;

        public bool Equals(ReadOnlySpan<byte> alternate, KeySlice other) => alternate.SequenceEqual(Bytes(other));

        public int GetHashCode(ReadOnlySpan<byte> alternate) => (int)FasterBytesKeyComparer.Hash(alternate);

        public KeySlice Create(ReadOnlySpan<byte> alternate)
        {
            int offset = keys.WrittenCount;
            keys.Write(alternate);
            return new KeySlice(offset, alternate.Length, GetHashCode(alternate));
        }

        private ReadOnlySpan<byte> Bytes(KeySlice slice) => keys.WrittenSpan.Slice(slice.Offset, slice.Length);
    }
}
