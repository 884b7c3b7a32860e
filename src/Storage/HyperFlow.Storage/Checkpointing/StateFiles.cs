using System.Buffers;
using System.Globalization;
using K4os.Compression.LZ4;
using K4os.Compression.LZ4.Streams;

namespace HyperFlow.Storage.Checkpointing;

/// <summary>
/// The LZ4-framed state files of a checkpoint: written with their checksums computed on the way to
/// disk and flushed to disk before the manifest can name them; verified and decompressed on restore.
/// </summary>
internal static class StateFiles
{
    private const int BufferSize = 1 << 16;
    private const int VerifyBufferSize = 1 << 20;
    private static readonly LZ4EncoderSettings s_encoder = new() { CompressionLevel = LZ4Level.L00_FAST };

    /// <summary>Writes a new file (it must not exist) from what <paramref name="writeRaw"/> writes, LZ4-framed, and flushes it to disk.</summary>
    /// <returns>The file's manifest entry.</returns>
    public static StateFileManifest Write(string fullPath, string manifestPath, string? relativePath, Action<Stream> writeRaw)
    {
        var file = new FileStream(fullPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize);
        try
        {
            var stored = new ChecksumStream(file, leaveOpen: true);
            ChecksumStream raw;
            using (LZ4EncoderStream lz4 = LZ4Stream.Encode(stored, s_encoder, leaveOpen: true))
            {
                raw = new ChecksumStream(lz4, leaveOpen: true);

                // The canonical snapshot writes many small values: a buffer in front of the hash keeps it fast.
                using var buffered = new BufferedStream(raw, BufferSize);
                writeRaw(buffered);
            }

            file.Flush(flushToDisk: true);
            file.Dispose();
            return new StateFileManifest(manifestPath, raw.BytesPassed, stored.BytesPassed, Hex(stored.Hash), Hex(raw.Hash), relativePath);
        }
        catch
        {
            file.Dispose();
            File.Delete(fullPath);
            throw;
        }
    }

    /// <summary>Copies the first <paramref name="length"/> bytes of <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <exception cref="EndOfStreamException">The source is shorter.</exception>
    public static void CopyPrefix(string source, long length, Stream destination)
    {
        using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(VerifyBufferSize);
        try
        {
            for (long left = length; left > 0;)
            {
                int chunk = (int)Math.Min(left, buffer.Length);
                input.ReadExactly(buffer, 0, chunk);
                destination.Write(buffer, 0, chunk);
                left -= chunk;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The xxHash64 of the first <paramref name="length"/> bytes of a file, as 16 hex digits.</summary>
    /// <exception cref="EndOfStreamException">The file is shorter.</exception>
    public static string HashPrefix(string path, long length)
    {
        using var sink = new ChecksumStream(Stream.Null, leaveOpen: true);
        CopyPrefix(path, length, sink);
        return Hex(sink.Hash);
    }

    /// <summary>Checks a stored file against its manifest entry: present, same size, same xxHash64.</summary>
    public static StateFileStatus Verify(string fullPath, StateFileManifest entry)
    {
        FileStream input;
        try
        {
            input = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return StateFileStatus.Missing;
        }

        using (input)
        {
            if (input.Length != entry.StoredSize)
            {
                return StateFileStatus.SizeMismatch;
            }

            using var hash = new ChecksumStream(input, leaveOpen: true);
            return hash.DrainAndCheck(entry.StoredSize, ParseHex(entry.Checksum)) ? StateFileStatus.Valid : StateFileStatus.ChecksumMismatch;
        }
    }

    /// <summary>Opens a stored file for reading its raw bytes; <see cref="DecodedFile.Finish"/> then checks the raw size and checksum.</summary>
    public static DecodedFile OpenDecoded(string fullPath, StateFileManifest entry)
    {
        var file = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize);
        try
        {
            var raw = new ChecksumStream(LZ4Stream.Decode(file, new LZ4DecoderSettings(), leaveOpen: false), leaveOpen: false);
            return new DecodedFile(raw, entry);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public static string Hex(ulong hash) => hash.ToString("x16", CultureInfo.InvariantCulture);

    public static ulong ParseHex(string hex) => ulong.Parse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    /// <summary>A state file being decompressed.</summary>
    internal sealed class DecodedFile(ChecksumStream raw, StateFileManifest entry) : IDisposable
    {
        /// <summary>The raw bytes (buffered: the canonical snapshot is read in small pieces).</summary>
        public Stream Stream { get; } = new BufferedStream(raw, BufferSize);

        /// <summary>Reads what the consumer left and checks the raw size and xxHash64 against the manifest.</summary>
        /// <returns><c>true</c> when they match.</returns>
        public bool Finish() => raw.DrainAndCheck(entry.RawSize, ParseHex(entry.RawChecksum));

        public void Dispose() => Stream.Dispose();
    }
}
