using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace HyperFlow.Connectors.Files;

/// <summary>
/// What both file sink writers share: encoding records into a reused buffer, writing it to the current
/// in-progress part (hidden), and closing the part (flushed and fsynced) when it reaches the rolling
/// limits. What happens to a closed part is the mode's: published at once, or held for the checkpoint.
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
/// <remarks>
/// The writer is itself the encoder's <see cref="IBufferWriter{T}"/>: when the buffer has no room for what
/// the encoder asks, it writes the buffer out to the part instead of growing it, so the steady state
/// allocates nothing (a record may span two writes; the part is not visible before it is closed anyway).
/// </remarks>
internal abstract class FileSinkWriter<T> : ISinkWriter<T>, IBufferWriter<byte>, IDisposable
{
    private readonly LineEncoder<T> _encoder;
    private readonly long _maxPartBytes;
    private readonly long _maxPartRecords;
    private readonly PartFileNames _names;
    private byte[] _buffer;
    private int _buffered;
    private SafeFileHandle? _part;
    private string _partName = "";
    private long _partBytesWritten;
    private long _partRecords;
    private long _nextCounter;

    protected FileSinkWriter(FileSinkOptions options, LineEncoder<T> encoder, int subtask, long firstCounter)
    {
        Options = options;
        Subtask = subtask;
        _encoder = encoder;
        _names = new PartFileNames(options.PartPrefix, options.PartSuffix);
        _buffer = new byte[options.BufferBytes];
        _maxPartBytes = options.MaxPartBytes;
        _maxPartRecords = options.MaxPartRecords;
        _nextCounter = firstCounter;
    }

    protected FileSinkOptions Options { get; }

    protected int Subtask { get; }

    protected bool HasOpenPart => _part is not null;

    public void Write(ReadOnlySpan<T> batch)
    {
        for (int i = 0; i < batch.Length; i++)
        {
            if (_part is null)
            {
                OpenPart();
            }

            _encoder(in batch[i], this);
            Reserve(1);
            _buffer[_buffered++] = (byte)'\n';
            _partRecords++;
            if (_partRecords >= _maxPartRecords || _partBytesWritten + _buffered >= _maxPartBytes)
            {
                ClosePart();
            }
        }
    }

    public abstract void Complete();

    Span<byte> IBufferWriter<byte>.GetSpan(int sizeHint)
    {
        Reserve(sizeHint);
        return _buffer.AsSpan(_buffered);
    }

    Memory<byte> IBufferWriter<byte>.GetMemory(int sizeHint)
    {
        Reserve(sizeHint);
        return _buffer.AsMemory(_buffered);
    }

    void IBufferWriter<byte>.Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _buffered);
        _buffered += count;
    }

    /// <summary>Closes the open part's file without publishing it (a failed or cancelled job): it stays hidden.</summary>
    public void Dispose()
    {
        _part?.Dispose();
        _part = null;
    }

    /// <summary>What to do with a part once it is closed: its data is on disk, under its in-progress name.</summary>
    /// <param name="finalName">The part's committed name.</param>
    protected abstract void OnPartClosed(string finalName);

    /// <summary>Writes out the buffer, fsyncs and closes the open part, and hands it to <see cref="OnPartClosed"/>.</summary>
    protected void ClosePart()
    {
        WriteBuffer();
        SafeFileHandle part = _part!;
        _part = null;
        using (part)
        {
            RandomAccess.FlushToDisk(part);
        }

        OnPartClosed(_partName);
    }

    /// <summary>A path in the sink's directory.</summary>
    protected string PathOf(string fileName) => Path.Combine(Options.Directory, fileName);

    private void OpenPart()
    {
        _partName = _names.Final(Subtask, _nextCounter++);
        string path = PathOf(PartFileNames.InProgress(_partName));
        try
        {
            _part = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        }
        catch (IOException ex) when (File.Exists(path))
        {
            throw new IOException(
                $"The file sink into '{Options.Directory}' (subtask {Subtask}) cannot start part '{path}': the file exists. Another sink or job writes "
                + $"parts named '{Options.PartPrefix}-{Subtask}-*' into this directory; give each sink its own directory or part prefix.", ex);
        }

        _partBytesWritten = 0;
        _partRecords = 0;
    }

    /// <summary>Makes room for at least <paramref name="sizeHint"/> bytes (one when 0) by writing the buffer out; grows it only for a line longer than the whole buffer.</summary>
    private void Reserve(int sizeHint)
    {
        int needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _buffered < needed)
        {
            WriteBuffer();
            if (_buffer.Length < needed)
            {
                _buffer = new byte[needed];
            }
        }
    }

    private void WriteBuffer()
    {
        if (_buffered > 0)
        {
            RandomAccess.Write(_part!, _buffer.AsSpan(0, _buffered), _partBytesWritten);
            _partBytesWritten += _buffered;
            _buffered = 0;
        }
    }
}
