namespace HyperFlow.Connectors.Files;

/// <summary>
/// Where and how a <see cref="FileSink{T}"/> writes its part files: <c>{PartPrefix}-{subtask}-{n}{PartSuffix}</c>
/// in <see cref="Directory"/>, a new part once the current one reaches <see cref="MaxPartBytes"/> or
/// <see cref="MaxPartRecords"/> (and, with checkpoints, at every checkpoint).
/// </summary>
public sealed class FileSinkOptions
{
    /// <summary>Creates options for a sink writing into a directory.</summary>
    /// <param name="directory">The output directory, created if missing. Give each sink its own directory (or its own <see cref="PartPrefix"/>).</param>
    public FileSinkOptions(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
    }

    /// <summary>The output directory, as a full path.</summary>
    public string Directory { get; }

    /// <summary>The start of part file names: <c>part</c> by default. Not empty, no leading dot, no path separator.</summary>
    public string PartPrefix { get; init; } = "part";

    /// <summary>The end of part file names, such as <c>.csv</c>: none by default. No path separator.</summary>
    public string PartSuffix { get; init; } = "";

    /// <summary>The size in bytes at which a part is closed and the next one started: 128 MiB by default.</summary>
    public long MaxPartBytes { get; init; } = 128L << 20;

    /// <summary>The number of records at which a part is closed and the next one started: no limit by default.</summary>
    public long MaxPartRecords { get; init; } = long.MaxValue;

    /// <summary>How many bytes a writer gathers before it writes them to its part file: 64 KiB by default.</summary>
    public int BufferBytes { get; init; } = 64 << 10;

    /// <summary>Checks the options, naming what is wrong.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    internal void Validate()
    {
        Require(PartPrefix.Length > 0 && PartPrefix[0] != '.' && PartFileNames.HasOnlyFileNameChars(PartPrefix),
            $"its part prefix '{PartPrefix}' is empty, starts with '.' (hidden files are the sink's uncommitted parts) or holds a character not allowed in a file name");
        Require(PartFileNames.HasOnlyFileNameChars(PartSuffix) && !PartSuffix.EndsWith(PartFileNames.InProgressEnding, StringComparison.Ordinal)
            && !PartSuffix.EndsWith(PartFileNames.PendingEnding, StringComparison.Ordinal),
            $"its part suffix '{PartSuffix}' holds a character not allowed in a file name, or ends like an uncommitted part");
        Require(MaxPartBytes > 0, $"its {nameof(MaxPartBytes)} is {MaxPartBytes}; give a positive size");
        Require(MaxPartRecords > 0, $"its {nameof(MaxPartRecords)} is {MaxPartRecords}; give a positive count");
        Require(BufferBytes > 0, $"its {nameof(BufferBytes)} is {BufferBytes}; give a positive size");
    }

    private void Require(bool condition, string why)
    {
        if (!condition)
        {
            throw new ArgumentException($"The file sink into '{Directory}' cannot start: {why}.");
        }
    }
}
