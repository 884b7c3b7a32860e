using System.Buffers;
using System.Text;
using HyperFlow.Storage.Checkpointing;

namespace HyperFlow.Connectors.Files;

/// <summary>
/// Writes records as lines of UTF-8 text into part files, exactly once with checkpoints: each subtask
/// writes <c>{prefix}-{subtask}-{n}{suffix}</c> files under a directory, hidden until committed.
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
/// <remarks>
/// <para>
/// With checkpoints (<see cref="CreateCheckpointedWriter"/>) a part is written as
/// <c>.{name}.inprogress</c>; it is closed when it reaches <see cref="FileSinkOptions.MaxPartBytes"/> or
/// <see cref="FileSinkOptions.MaxPartRecords"/> and at every checkpoint; the checkpoint's barrier renames
/// the closed parts to <c>.{name}.pending</c> (fsynced, directory fsynced), and the checkpoint's
/// completion renames them to <c>{name}</c>. A restore commits the pending parts of the restored
/// checkpoint and deletes the other hidden parts of its subtasks, whose records the sources replay: the
/// visible files hold each record once. Part numbers continue after every part found in the directory,
/// so a restarted job never reuses an earlier run's name.
/// </para>
/// <para>
/// Without checkpoints (<see cref="CreateWriter"/>) a part becomes visible as soon as it is closed, and
/// the last one at the end of the input; a failed run leaves its open part hidden.
/// </para>
/// <code>
/// var sink = new FileSink&lt;Trade&gt;(new FileSinkOptions("/data/trades") { PartSuffix = ".csv" },
///     static t => $"{t.Account},{t.Price},{t.Qty}");
/// </code>
/// </remarks>
public sealed class FileSink<T> : ICheckpointedSink<T>
{
    private readonly LineEncoder<T> _encoder;

    /// <summary>Creates a sink that writes each record as the line a formatter returns.</summary>
    /// <param name="options">Where and how to write.</param>
    /// <param name="formatter">The record's line, without line terminator (it allocates a string per record; <see cref="LineEncoder{T}"/> does not).</param>
    public FileSink(FileSinkOptions options, Func<T, string> formatter)
        : this(options, FromFormatter(formatter))
    {
    }

    /// <summary>Creates a sink that writes each record as the bytes an encoder writes, allocation-free.</summary>
    /// <param name="options">Where and how to write.</param>
    /// <param name="encoder">Writes a record's line, without line terminator.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public FileSink(FileSinkOptions options, LineEncoder<T> encoder)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(encoder);
        options.Validate();
        Options = options;
        _encoder = encoder;
    }

    /// <summary>Where and how the sink writes.</summary>
    public FileSinkOptions Options { get; }

    /// <summary>
    /// Creates the writer of a subtask of a job without checkpoints: parts become visible as they are
    /// closed and at the end of the input.
    /// </summary>
    /// <param name="subtask">The subtask index, in <c>[0, parallelism)</c>.</param>
    /// <param name="parallelism">The number of subtasks.</param>
    /// <returns>The subtask's writer; it is <see cref="IDisposable"/> (disposing it without completing leaves its open part hidden).</returns>
    public ISinkWriter<T> CreateWriter(int subtask, int parallelism)
    {
        PrepareDirectory(subtask, parallelism);
        var names = new PartFileNames(Options.PartPrefix, Options.PartSuffix);
        long firstCounter = names.Scan(Options.Directory).Where(p => p.Subtask == subtask).Select(static p => p.Counter + 1).DefaultIfEmpty(0).Max();
        return new PlainFileSinkWriter<T>(Options, _encoder, subtask, firstCounter);
    }

    /// <inheritdoc/>
    /// <returns>The subtask's writer; it is <see cref="IDisposable"/> (disposing it closes its open part, which the next restore discards).</returns>
    public ICheckpointedSinkWriter<T> CreateCheckpointedWriter(int subtask, int parallelism, IReadOnlyList<ReadOnlyMemory<byte>> restoredStates)
    {
        ArgumentNullException.ThrowIfNull(restoredStates);
        PrepareDirectory(subtask, parallelism);
        return ExactlyOnceFileSinkWriter<T>.Restore(Options, _encoder, subtask, parallelism, restoredStates);
    }

    private static LineEncoder<T> FromFormatter(Func<T, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        return (in T record, IBufferWriter<byte> output) => Encoding.UTF8.GetBytes(formatter(record), output);
    }

    private void PrepareDirectory(int subtask, int parallelism)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(subtask);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(subtask, parallelism);
        if (!Directory.Exists(Options.Directory))
        {
            Directory.CreateDirectory(Options.Directory);
            DirectorySync.Flush(Path.GetDirectoryName(Options.Directory) ?? Options.Directory);
        }
    }
}
