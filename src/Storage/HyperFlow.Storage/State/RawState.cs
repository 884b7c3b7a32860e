using System.Buffers;

namespace HyperFlow.Storage.State;

/// <summary>
/// One state's entries read from canonical snapshots but not yet claimed by a registered state: the
/// bytes of every key and value in one buffer, with offsets. A state registered later imports them;
/// a state never registered is written back out unchanged by the next snapshot.
/// </summary>
internal sealed class RawState(string name, StateKind kind, bool hasTtl)
{
    private readonly ArrayBufferWriter<byte> _bytes = new();
    private readonly List<RawEntry> _entries = [];

    public string Name { get; } = name;

    public StateKind Kind { get; } = kind;

    public bool HasTtl { get; } = hasTtl;

    public int Count => _entries.Count;

    public long SizeBytes => _bytes.WrittenCount + ((long)_entries.Count * 32);

    public void Add(ulong hash, ReadOnlySpan<byte> key, long expiresAt, ReadOnlySpan<byte> value)
    {
        int keyOffset = _bytes.WrittenCount;
        _bytes.Write(key);
        int valueOffset = _bytes.WrittenCount;
        _bytes.Write(value);
        _entries.Add(new RawEntry(hash, keyOffset, key.Length, expiresAt, valueOffset, value.Length));
    }

    public ReadOnlyMemory<byte> Key(in RawEntry entry) => _bytes.WrittenMemory.Slice(entry.KeyOffset, entry.KeyLength);

    public ReadOnlyMemory<byte> Value(in RawEntry entry) => _bytes.WrittenMemory.Slice(entry.ValueOffset, entry.ValueLength);

    public List<RawEntry>.Enumerator GetEnumerator() => _entries.GetEnumerator();

    public void WriteTo(SnapshotWriter writer, long now)
    {
        int live = 0;
        foreach (RawEntry e in _entries)
        {
            live += e.ExpiresAt > now ? 1 : 0;
        }

        writer.BeginState(Name, Kind, HasTtl, live);
        foreach (RawEntry e in _entries)
        {
            if (e.ExpiresAt > now)
            {
                writer.WriteEntry(e.Hash, Key(e).Span, e.ExpiresAt, Value(e).Span);
            }
        }
    }
}

/// <summary>Where one entry of a <see cref="RawState"/> lies in its buffer.</summary>
internal readonly record struct RawEntry(ulong Hash, int KeyOffset, int KeyLength, long ExpiresAt, int ValueOffset, int ValueLength);
