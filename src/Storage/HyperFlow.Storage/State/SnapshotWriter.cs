using System.Buffers;
using System.Text;

namespace HyperFlow.Storage.State;

/// <summary>
/// Writes the canonical keyed-state snapshot format: backend-neutral and keyed by state name and key
/// hash (hence by key group), so a snapshot restores into any backend and any parallelism.
/// </summary>
/// <remarks>
/// Layout (little-endian): magic <c>HFKS</c>, format version (u16), state count (i32); per state: name
/// (length-prefixed UTF-8), kind (u8), has-TTL (u8), entry count (i64); per entry: key hash (u64),
/// key bytes (7-bit length prefix), expiry in Unix ms (i64, only when the state has a TTL), value bytes
/// (7-bit length prefix). Integrity (checksums, compression) is the checkpoint storage's job.
/// </remarks>
internal sealed class SnapshotWriter : IDisposable
{
    internal const uint Magic = 0x534B4648; // "HFKS"
    internal const ushort FormatVersion = 1;

    private readonly BinaryWriter _writer;
    private bool _hasTtl;
    private long _remaining;

    public SnapshotWriter(Stream destination, int stateCount)
    {
        _writer = new BinaryWriter(destination, Encoding.UTF8, leaveOpen: true);
        _writer.Write(Magic);
        _writer.Write(FormatVersion);
        _writer.Write(stateCount);
    }

    /// <summary>A reusable buffer for serializing one key or value.</summary>
    public ArrayBufferWriter<byte> Scratch { get; } = new(256);

    /// <summary>A second reusable buffer, so a key and a value can be held at once.</summary>
    public ArrayBufferWriter<byte> ValueScratch { get; } = new(256);

    public void BeginState(string name, StateKind kind, bool hasTtl, long entries)
    {
        EnsureStateComplete();
        _writer.Write(name);
        _writer.Write((byte)kind);
        _writer.Write(hasTtl);
        _writer.Write(entries);
        _hasTtl = hasTtl;
        _remaining = entries;
    }

    public void WriteEntry(ulong hash, ReadOnlySpan<byte> key, long expiresAt, ReadOnlySpan<byte> value)
    {
        if (--_remaining < 0)
        {
            throw new InvalidOperationException("More entries written than announced for the state.");
        }

        _writer.Write(hash);
        _writer.Write7BitEncodedInt(key.Length);
        _writer.Write(key);
        if (_hasTtl)
        {
            _writer.Write(expiresAt);
        }

        _writer.Write7BitEncodedInt(value.Length);
        _writer.Write(value);
    }

    /// <summary>Writes entries that are in the canonical encoding already (restored and never claimed), in one copy.</summary>
    /// <param name="entries">Whole entries of the current state, back to back.</param>
    /// <param name="count">How many.</param>
    public void WriteEntries(ReadOnlySpan<byte> entries, int count)
    {
        _remaining -= count;
        if (_remaining < 0)
        {
            throw new InvalidOperationException("More entries written than announced for the state.");
        }

        _writer.Write(entries);
    }

    /// <summary>Checks the last state got all its entries and flushes.</summary>
    public void Complete()
    {
        EnsureStateComplete();
        _writer.Flush();
    }

    public void Dispose() => _writer.Dispose();

    private void EnsureStateComplete()
    {
        if (_remaining != 0)
        {
            throw new InvalidOperationException($"{_remaining} announced entries were not written for the state.");
        }
    }
}
