using System.Text;
using HyperFlow.Storage.Keys;

namespace HyperFlow.Storage.State;

/// <summary>Reads the canonical keyed-state snapshot format written by <see cref="SnapshotWriter"/>.</summary>
internal static class SnapshotReader
{
    /// <summary>
    /// Reads a snapshot and adds the entries of the key groups <paramref name="context"/> owns to
    /// <paramref name="states"/> (by state name); entries of other key groups are skipped.
    /// </summary>
    public static void ReadInto(Stream source, KeyedStateContext context, Dictionary<string, RawState> states)
    {
        using var reader = new BinaryReader(source, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (reader.ReadUInt32() != SnapshotWriter.Magic)
            {
                throw Corrupt(context, "it does not start with the keyed-state snapshot header");
            }

            ushort version = reader.ReadUInt16();
            if (version != SnapshotWriter.FormatVersion)
            {
                throw Corrupt(context, $"it has format version {version}; this build reads version {SnapshotWriter.FormatVersion}");
            }

            int stateCount = reader.ReadInt32();
            byte[] key = [];
            byte[] value = [];
            for (int s = 0; s < stateCount; s++)
            {
                string name = reader.ReadString();
                var kind = (StateKind)reader.ReadByte();
                bool hasTtl = reader.ReadBoolean();
                long entries = reader.ReadInt64();
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

                for (long e = 0; e < entries; e++)
                {
                    ulong hash = reader.ReadUInt64();
                    int keyLength = ReadBytes(reader, ref key);
                    long expiresAt = hasTtl ? reader.ReadInt64() : long.MaxValue;
                    int valueLength = ReadBytes(reader, ref value);
                    if (context.Owns(KeyGroups.Of(hash, context.MaxParallelism)))
                    {
                        raw.Add(hash, key.AsSpan(0, keyLength), expiresAt, value.AsSpan(0, valueLength));
                    }
                }
            }
        }
        catch (EndOfStreamException ex)
        {
            throw Corrupt(context, "it ends in the middle of an entry (truncated)", ex);
        }
    }

    private static int ReadBytes(BinaryReader reader, ref byte[] buffer)
    {
        int length = reader.Read7BitEncodedInt();
        if (length < 0)
        {
            throw new InvalidDataException($"Negative length {length}.");
        }

        if (buffer.Length < length)
        {
            buffer = new byte[Math.Max(length, buffer.Length * 2)];
        }

        reader.BaseStream.ReadExactly(buffer, 0, length);
        return length;
    }

    private static StateException Corrupt(KeyedStateContext context, string why, Exception? inner = null)
    {
        string message = $"Cannot restore the keyed state of {context.Describe()}: the snapshot is not valid, {why}. Restore from an earlier checkpoint or savepoint.";
        return inner is null ? new StateException(message) : new StateException(message, inner);
    }
}
