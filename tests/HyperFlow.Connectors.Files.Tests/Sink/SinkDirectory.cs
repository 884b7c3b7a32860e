using System.Globalization;

namespace HyperFlow.Connectors.Files.Tests.Sink;

/// <summary>What a sink left in its directory, read the way a downstream reader would (hidden files skipped).</summary>
internal static class SinkDirectory
{
    /// <summary>The file names that do not start with a dot, the sink's committed output.</summary>
    public static string[] VisibleFiles(string directory) =>
        [.. Directory.EnumerateFiles(directory).Select(Path.GetFileName).Where(static n => n![0] != '.').Order(StringComparer.Ordinal)!];

    /// <summary>The file names that start with a dot, the sink's uncommitted parts.</summary>
    public static string[] HiddenFiles(string directory) =>
        [.. Directory.EnumerateFiles(directory).Select(Path.GetFileName).Where(static n => n![0] == '.').Order(StringComparer.Ordinal)!];

    /// <summary>
    /// The lines of a subtask's committed parts (<c>{prefix}-{subtask}-{n}{suffix}</c>), in part order,
    /// each part checked to end with a complete line.
    /// </summary>
    public static List<string> CommittedLines(string directory, int subtask, string prefix = "part", string suffix = "")
    {
        var parts = new List<(long Counter, string Path)>();
        foreach (string name in VisibleFiles(directory))
        {
            string start = $"{prefix}-{subtask}-";
            if (name.StartsWith(start, StringComparison.Ordinal) && name.EndsWith(suffix, StringComparison.Ordinal))
            {
                parts.Add((long.Parse(name.AsSpan(start.Length, name.Length - start.Length - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture),
                    Path.Combine(directory, name)));
            }
        }

        var lines = new List<string>();
        foreach ((_, string path) in parts.OrderBy(static p => p.Counter))
        {
            string text = File.ReadAllText(path);
            Assert.True(text.Length > 0 && text[^1] == '\n', $"Committed part '{path}' is empty or ends inside a line.");
            lines.AddRange(text[..^1].Split('\n'));
        }

        return lines;
    }
}
