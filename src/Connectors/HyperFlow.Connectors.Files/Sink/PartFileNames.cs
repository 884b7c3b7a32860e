using System.Globalization;

namespace HyperFlow.Connectors.Files;

/// <summary>
/// The names of a sink's part files: <c>{prefix}-{subtask}-{n}{suffix}</c> once committed, and hidden
/// (a leading dot) before: <c>.{name}.inprogress</c> while written, <c>.{name}.pending</c> once prepared
/// by a checkpoint. Readers that skip hidden files (Spark, Flink, Hive, <c>ls</c>) see committed parts only.
/// </summary>
internal sealed class PartFileNames(string prefix, string suffix)
{
    public const string InProgressEnding = ".inprogress";
    public const string PendingEnding = ".pending";

    /// <summary>The committed name of a subtask's part.</summary>
    public string Final(int subtask, long counter) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{subtask}-{counter}{suffix}");

    /// <summary>The name of a part while it is written.</summary>
    public static string InProgress(string finalName) => "." + finalName + InProgressEnding;

    /// <summary>The name of a part prepared by a checkpoint.</summary>
    public static string Pending(string finalName) => "." + finalName + PendingEnding;

    /// <summary>Whether a committed name can be one of a sink's part files (a committable read from a checkpoint must be).</summary>
    public static bool IsPlainFileName(string name) => name.Length > 0 && name[0] != '.' && HasOnlyFileNameChars(name);

    /// <summary>Whether text can be part of a file name: no path separator, no line break, nothing the OS refuses.</summary>
    public static bool HasOnlyFileNameChars(ReadOnlySpan<char> text) =>
        text.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 && text.IndexOfAny('/', '\\', '\n') < 0;

    /// <summary>The part files in a directory, of every subtask.</summary>
    public List<PartFile> Scan(string directory)
    {
        var parts = new List<PartFile>();
        foreach (string path in System.IO.Directory.EnumerateFiles(directory))
        {
            if (TryParse(Path.GetFileName(path), out PartFile part))
            {
                parts.Add(part);
            }
        }

        return parts;
    }

    /// <summary>Reads a file name as a part file of this sink.</summary>
    public bool TryParse(string fileName, out PartFile part)
    {
        part = default;
        ReadOnlySpan<char> name = fileName;
        PartFileKind kind = PartFileKind.Committed;
        if (name.StartsWith('.'))
        {
            kind = name.EndsWith(InProgressEnding, StringComparison.Ordinal) ? PartFileKind.InProgress
                : name.EndsWith(PendingEnding, StringComparison.Ordinal) ? PartFileKind.Pending
                : PartFileKind.Committed;
            if (kind == PartFileKind.Committed)
            {
                return false;
            }

            name = name[1..^(kind == PartFileKind.InProgress ? InProgressEnding.Length : PendingEnding.Length)];
        }

        if (name.Length <= prefix.Length + suffix.Length + 1 || !name.StartsWith(prefix, StringComparison.Ordinal)
            || name[prefix.Length] != '-' || !name.EndsWith(suffix, StringComparison.Ordinal))
        {
            return false;
        }

        ReadOnlySpan<char> numbers = name[(prefix.Length + 1)..^suffix.Length];
        int dash = numbers.IndexOf('-');
        if (dash < 0
            || !int.TryParse(numbers[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out int subtask)
            || !long.TryParse(numbers[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out long counter)
            || !name.SequenceEqual(Final(subtask, counter)))
        {
            return false;
        }

        part = new PartFile(fileName, kind, subtask, counter);
        return true;
    }
}
