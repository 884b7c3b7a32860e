using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace HyperFlow.Storage.State;

/// <summary>
/// One state's entries read from canonical snapshots but not yet claimed by a registered state, or
/// copied out of a FASTER state for a snapshot: each entry in its canonical encoding (see
/// <see cref="SnapshotWriter"/>), back to back in chunks that double in size from 4 KiB to 64 MiB. A state
/// registered later imports them; a state never registered is written back out unchanged by the next
/// snapshot.
/// </summary>
/// <remarks>
/// Chunks rather than one growing buffer and a list of offsets: gigabytes of restored state are then
/// written once, into memory touched once, instead of being copied at every doubling (that layout
/// touched about four times the state's size, and faulting memory in was most of a restore's time).
/// Growing chunks keep a small state small and a large one in few large arrays, which the garbage
/// collector can serve from memory the process has used before (no page faults) when it has some.
/// </remarks>
internal sealed class RawState(string name, StateKind kind, bool hasTtl)
{
    private const int FirstChunkSize = 1 << 12;
    private const int MaxChunkSize = 1 << 26;

    private readonly List<Chunk> _full = [];
    private byte[] _current = [];
    private int _used;
    private int _currentEntries;
    private long _fullBytes;

    public string Name { get; } = name;

    public StateKind Kind { get; } = kind;

    public bool HasTtl { get; } = hasTtl;

    public int Count { get; private set; }

    public long SizeBytes => _fullBytes + _used;

    /// <summary>Bytes that fit in the current chunk; <see cref="AppendEntries"/> starts a new chunk for more.</summary>
    public int Room => _current.Length - _used;

    /// <summary>Adds an entry, encoding it.</summary>
    public void Add(ulong hash, ReadOnlySpan<byte> key, long expiresAt, ReadOnlySpan<byte> value)
    {
        int length = sizeof(ulong) + LengthPrefixSize(key.Length) + key.Length + (HasTtl ? sizeof(long) : 0) + LengthPrefixSize(value.Length) + value.Length;
        if (length > Room)
        {
            StartChunk(length);
        }

        Span<byte> output = _current.AsSpan(_used, length);
        BinaryPrimitives.WriteUInt64LittleEndian(output, hash);
        int position = sizeof(ulong);
        position += WriteLengthPrefix(output[position..], key.Length);
        key.CopyTo(output[position..]);
        position += key.Length;
        if (HasTtl)
        {
            BinaryPrimitives.WriteInt64LittleEndian(output[position..], expiresAt);
            position += sizeof(long);
        }

        position += WriteLengthPrefix(output[position..], value.Length);
        value.CopyTo(output[position..]);
        _used += length;
        _currentEntries++;
        Count++;
    }

    /// <summary>Adds entries already in the canonical encoding of this state (as a snapshot holds them), in one copy.</summary>
    /// <param name="entries">Whole entries, back to back.</param>
    /// <param name="count">How many.</param>
    public void AppendEntries(ReadOnlySpan<byte> entries, int count)
    {
        if (entries.Length > Room)
        {
            StartChunk(entries.Length);
        }

        entries.CopyTo(_current.AsSpan(_used));
        _used += entries.Length;
        _currentEntries += count;
        Count = checked(Count + count);
    }

    public ReadOnlyMemory<byte> Key(in RawEntry entry) => entry.Chunk.AsMemory(entry.KeyOffset, entry.KeyLength);

    public ReadOnlyMemory<byte> Value(in RawEntry entry) => entry.Chunk.AsMemory(entry.ValueOffset, entry.ValueLength);

    public Enumerator GetEnumerator() => new(this);

    public void WriteTo(SnapshotWriter writer, long now)
    {
        if (!HasTtl)
        {
            // Nothing expires: the chunks are the snapshot's bytes already.
            writer.BeginState(Name, Kind, HasTtl, Count);
            foreach (Chunk chunk in Chunks())
            {
                writer.WriteEntries(chunk.Bytes.AsSpan(0, chunk.Length), chunk.Entries);
            }

            return;
        }

        int live = 0;
        foreach (RawEntry e in this)
        {
            live += e.ExpiresAt > now ? 1 : 0;
        }

        writer.BeginState(Name, Kind, HasTtl, live);
        foreach (RawEntry e in this)
        {
            if (e.ExpiresAt > now)
            {
                writer.WriteEntry(e.Hash, Key(e).Span, e.ExpiresAt, Value(e).Span);
            }
        }
    }

    private static int LengthPrefixSize(int length) => length < 1 << 7 ? 1 : length < 1 << 14 ? 2 : length < 1 << 21 ? 3 : length < 1 << 28 ? 4 : 5;

    // The 7-bit length prefix of BinaryWriter.Write7BitEncodedInt, which the snapshot format uses.
    private static int WriteLengthPrefix(Span<byte> output, int length)
    {
        uint value = (uint)length;
        int n = 0;
        while (value >= 0x80)
        {
            output[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        output[n++] = (byte)value;
        return n;
    }

    private void StartChunk(int minimum)
    {
        if (_used > 0)
        {
            _full.Add(new Chunk(_current, _used, _currentEntries));
            _fullBytes += _used;
        }

        // Uninitialized: every byte is written before it is read, and clearing would touch the memory twice.
        long size = _current.Length == 0 ? FirstChunkSize : Math.Min(_current.Length * 2L, MaxChunkSize);
        _current = GC.AllocateUninitializedArray<byte>((int)Math.Max(size, minimum));
        _used = 0;
        _currentEntries = 0;
    }

    private IEnumerable<Chunk> Chunks()
    {
        foreach (Chunk chunk in _full)
        {
            yield return chunk;
        }

        if (_used > 0)
        {
            yield return new Chunk(_current, _used, _currentEntries);
        }
    }

    /// <summary>A chunk's bytes, how many of them hold entries, and how many entries.</summary>
    private readonly record struct Chunk(byte[] Bytes, int Length, int Entries);

    /// <summary>Decodes the entries, chunk by chunk; the bytes were checked when they were added.</summary>
    public struct Enumerator
    {
        private readonly RawState _state;
        private readonly bool _hasTtl;
        private int _chunk;
        private byte[] _bytes;
        private int _length;
        private int _position;
        private RawEntry _current;

        internal Enumerator(RawState state)
        {
            _state = state;
            _hasTtl = state.HasTtl;
            _chunk = -1;
            _bytes = [];
            _length = 0;
            _position = 0;
            _current = default;
        }

        public readonly RawEntry Current => _current;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool MoveNext()
        {
            if (_position >= _length && !NextChunk())
            {
                return false;
            }

            byte[] bytes = _bytes;
            int position = _position;
            ulong hash = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(position));
            position += sizeof(ulong);
            int keyLength = ReadLengthPrefix(bytes, ref position);
            int keyOffset = position;
            position += keyLength;
            long expiresAt = long.MaxValue;
            if (_hasTtl)
            {
                expiresAt = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(position));
                position += sizeof(long);
            }

            int valueLength = ReadLengthPrefix(bytes, ref position);
            _current = new RawEntry(bytes, hash, keyOffset, keyLength, expiresAt, position, valueLength);
            _position = position + valueLength;
            return true;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int ReadLengthPrefix(byte[] bytes, ref int position)
        {
            int b = bytes[position++];
            return b < 0x80 ? b : ReadLongLengthPrefix(bytes, ref position, b);
        }

        private static int ReadLongLengthPrefix(byte[] bytes, ref int position, int first)
        {
            int value = first & 0x7F;
            for (int shift = 7; ; shift += 7)
            {
                int b = bytes[position++];
                value |= (b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }
        }

        private bool NextChunk()
        {
            // The full chunks, then the current one (which may be empty).
            List<Chunk> full = _state._full;
            _chunk++;
            if (_chunk < full.Count)
            {
                (_bytes, _length) = (full[_chunk].Bytes, full[_chunk].Length);
            }
            else if (_chunk == full.Count)
            {
                (_bytes, _length) = (_state._current, _state._used);
            }

            _position = 0;
            return _chunk <= full.Count && _length > 0;
        }
    }
}

/// <summary>One entry of a <see cref="RawState"/>: its hash and expiry, and where its key and value bytes lie in <see cref="Chunk"/>.</summary>
internal readonly record struct RawEntry(byte[] Chunk, ulong Hash, int KeyOffset, int KeyLength, long ExpiresAt, int ValueOffset, int ValueLength)
{
    public ReadOnlySpan<byte> KeySpan => Chunk.AsSpan(KeyOffset, KeyLength);

    public ReadOnlySpan<byte> ValueSpan => Chunk.AsSpan(ValueOffset, ValueLength);
}
