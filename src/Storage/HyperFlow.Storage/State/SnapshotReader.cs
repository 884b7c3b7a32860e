using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using HyperFlow.Storage.Keys;

namespace HyperFlow.Storage.State;

/// <summary>Reads the canonical keyed-state snapshot format written by <see cref="SnapshotWriter"/>.</summary>
/// <remarks>
/// The stream is read in large blocks and each entry is parsed in the block; runs of consecutive
/// entries of the store's key groups are then copied into the state's <see cref="RawState"/> as they
/// are, in one copy per run, instead of one small read per field and one copy per key and value.
/// </remarks>
internal static class SnapshotReader
{
    // Blocks large enough that reads bypass the decoder's 64 KiB buffer; runs are copied out at a
    // quarter of a block, so a block only grows for an entry larger than that.
    private const int BlockSize = 1 << 18;
    private const int RunLimit = BlockSize / 4;

    /// <summary>
    /// Reads a snapshot and adds the entries of the key groups <paramref name="context"/> owns to
    /// <paramref name="states"/> (by state name); entries of other key groups are skipped. The stream
    /// may be read past the snapshot's end.
    /// </summary>
    public static void ReadInto(Stream source, KeyedStateContext context, Dictionary<string, RawState> states)
    {
        var input = new Input(source);
        try
        {
            if (input.ReadUInt32() != SnapshotWriter.Magic)
            {
                throw Corrupt(context, "it does not start with the keyed-state snapshot header");
            }

            ushort version = input.ReadUInt16();
            if (version != SnapshotWriter.FormatVersion)
            {
                throw Corrupt(context, $"it has format version {version}; this build reads version {SnapshotWriter.FormatVersion}");
            }

            int stateCount = input.ReadInt32();
            for (int s = 0; s < stateCount; s++)
            {
                string name = Encoding.UTF8.GetString(input.Read(input.ReadLength(context)));
                var kind = (StateKind)input.ReadByte();
                bool hasTtl = input.ReadByte() != 0;
                long entries = input.ReadInt64();
                if (!Enum.IsDefined(kind) || entries < 0)
                {
                    throw Corrupt(context, $"state '{name}' has an unknown kind ({(int)kind}) or entry count ({entries})");
                }

                if (!states.TryGetValue(name, out RawState? raw))
                {
                    raw = new RawState(name, kind, hasTtl);
                    states.Add(name, raw);
                }
                else if (raw.Kind != kind || raw.HasTtl != hasTtl)
                {
                    throw Corrupt(context, $"state '{name}' appears as {raw.Kind} and as {kind} in the snapshots restored together");
                }

                ReadEntries(input, context, raw, entries);
            }
        }
        catch (EndOfStreamException ex)
        {
            throw Corrupt(context, "it ends in the middle of an entry (truncated)", ex);
        }
    }

    private static void ReadEntries(Input input, KeyedStateContext context, RawState raw, long entries)
    {
        int ttlBytes = raw.HasTtl ? sizeof(long) : 0;
        int run = 0;
        input.StartRun();
        for (long e = 0; e < entries; e++)
        {
            int start = input.RunLength;
            ulong hash = input.ReadUInt64();
            input.Skip(input.ReadLength(context));
            input.Skip(ttlBytes);
            input.Skip(input.ReadLength(context));
            if (context.Owns(KeyGroups.Of(hash, context.MaxParallelism)))
            {
                // A run goes into the state in one copy; it ends before the entry that would not fit the
                // state's current chunk (so chunks are filled), or once it is long.
                if (run > 0 && (input.RunLength > raw.Room || input.RunLength > RunLimit))
                {
                    raw.AppendEntries(input.Run[..start], run);
                    input.DropRun(start);
                    run = 0;
                }

                run++;
            }
            else
            {
                raw.AppendEntries(input.Run[..start], run);
                input.StartRun();
                run = 0;
            }
        }

        raw.AppendEntries(input.Run, run);
    }

    private static StateException Corrupt(KeyedStateContext context, string why, Exception? inner = null)
    {
        string message = $"Cannot restore the keyed state of {context.Describe()}: the snapshot is not valid, {why}. Restore from an earlier checkpoint or savepoint.";
        return inner is null ? new StateException(message) : new StateException(message, inner);
    }

    /// <summary>
    /// The snapshot's bytes, a block at a time, and the run of parsed entries not yet copied out (it
    /// stays in the block, moved to its start when the next block is read).
    /// </summary>
    private sealed class Input(Stream source)
    {
        private byte[] _block = new byte[BlockSize];
        private int _runStart;
        private int _position;
        private int _end;

        /// <summary>The bytes parsed since <see cref="StartRun"/> or <see cref="DropRun"/>.</summary>
        public ReadOnlySpan<byte> Run => _block.AsSpan(_runStart, _position - _runStart);

        public int RunLength => _position - _runStart;

        /// <summary>Starts a new run at the current position.</summary>
        public void StartRun() => _runStart = _position;

        /// <summary>Drops the first <paramref name="length"/> bytes of the run (copied out).</summary>
        public void DropRun(int length) => _runStart += length;

        public byte ReadByte() => Read(1)[0];

        public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Read(sizeof(ushort)));

        public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Read(sizeof(int)));

        public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Read(sizeof(uint)));

        public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Read(sizeof(long)));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Read(sizeof(ulong)));

        /// <summary>Reads a 7-bit length prefix (<see cref="BinaryWriter.Write7BitEncodedInt(int)"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int ReadLength(KeyedStateContext context)
        {
            if (_position < _end && _block[_position] < 0x80)
            {
                return _block[_position++];
            }

            return ReadLongLength(context);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Skip(int length)
        {
            if (_end - _position < length)
            {
                Fill(length);
            }

            _position += length;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ReadOnlySpan<byte> Read(int length)
        {
            if (_end - _position < length)
            {
                Fill(length);
            }

            int at = _position;
            _position += length;
            return _block.AsSpan(at, length);
        }

        private int ReadLongLength(KeyedStateContext context)
        {
            uint value = 0;
            for (int shift = 0; shift < 35; shift += 7)
            {
                byte b = Read(1)[0];
                value |= (uint)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value <= int.MaxValue ? (int)value : throw Corrupt(context, $"a length is {value} bytes");
                }
            }

            throw Corrupt(context, "a length prefix is longer than 5 bytes");
        }

        /// <summary>Makes <paramref name="length"/> bytes available from the position, keeping the run.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void Fill(int length)
        {
            int kept = _end - _runStart;
            long needed = (long)(_position - _runStart) + length;
            if (needed > _block.Length)
            {
                // One entry larger than a block (a big list or map value).
                if (needed > Array.MaxLength)
                {
                    throw new EndOfStreamException();
                }

                byte[] larger = new byte[Math.Max(needed, Math.Min(_block.Length * 2L, Array.MaxLength))];
                _block.AsSpan(_runStart, kept).CopyTo(larger);
                _block = larger;
            }
            else
            {
                _block.AsSpan(_runStart, kept).CopyTo(_block);
            }

            _position -= _runStart;
            _end = kept;
            _runStart = 0;
            while (_end - _position < length)
            {
                int read = source.Read(_block, _end, _block.Length - _end);
                if (read == 0)
                {
                    throw new EndOfStreamException();
                }

                _end += read;
            }
        }
    }
}
