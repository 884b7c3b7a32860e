using System.IO.Hashing;

namespace HyperFlow.Storage.Checkpointing;

/// <summary>
/// A pass-through stream that counts and hashes (xxHash64) every byte read from or written to the
/// stream it wraps: checksums are computed on the way to and from disk, without a second pass.
/// </summary>
internal sealed class ChecksumStream : Stream
{
    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly XxHash64 _hash = new();
    private long _length;

    public ChecksumStream(Stream inner, bool leaveOpen)
    {
        _inner = inner;
        _leaveOpen = leaveOpen;
    }

    /// <summary>The bytes passed through so far.</summary>
    public long BytesPassed => _length;

    /// <summary>The xxHash64 of the bytes passed through so far.</summary>
    public ulong Hash => _hash.GetCurrentHashAsUInt64();

    public override bool CanRead => _inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => _inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read = _inner.Read(buffer);
        _hash.Append(buffer[..read]);
        _length += read;
        return read;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _inner.Write(buffer);
        _hash.Append(buffer);
        _length += buffer.Length;
    }

    public override void Flush() => _inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Reads what is left of the stream, then compares the totals with the expected ones.</summary>
    /// <returns><c>true</c> when the length and the hash match.</returns>
    public bool DrainAndCheck(long expectedLength, ulong expectedHash)
    {
        Span<byte> buffer = stackalloc byte[4096];
        while (Read(buffer) > 0)
        {
        }

        return _length == expectedLength && Hash == expectedHash;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_leaveOpen)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
