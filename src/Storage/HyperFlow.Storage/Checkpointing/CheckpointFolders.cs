using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace HyperFlow.Storage.Checkpointing;

/// <summary>
/// Names in a checkpoint directory: <c>chk-N</c> folders, the manifest, state files, and the paths
/// a manifest uses for its files (relative to its folder; <c>../chk-N/name</c> for a file an earlier
/// checkpoint wrote and this one shares).
/// </summary>
internal static class CheckpointFolders
{
    public const string ManifestFileName = "manifest.json";
    public const string TempManifestFileName = "manifest.json.tmp";
    public const string LockFileName = ".lock";
    private const string Prefix = "chk-";
    private const int MaxUidChars = 48;

    public static string FolderName(long checkpointId) => Prefix + checkpointId.ToString(CultureInfo.InvariantCulture);

    public static bool TryParseId(string folderName, out long checkpointId)
    {
        checkpointId = 0;
        return folderName.StartsWith(Prefix, StringComparison.Ordinal)
            && folderName.Length > Prefix.Length
            && folderName.AsSpan(Prefix.Length).IndexOfAnyExceptInRange('0', '9') < 0
            && long.TryParse(folderName.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out checkpointId);
    }

    /// <summary>
    /// A file name for state of an operator subtask: the uid reduced to portable characters, plus a
    /// hash of the exact uid so that two uids that reduce alike still get different names.
    /// </summary>
    public static string StateFileName(string operatorUid, int subtask, string suffix)
    {
        var name = new StringBuilder(MaxUidChars + 32);
        foreach (char c in operatorUid.AsSpan(0, Math.Min(operatorUid.Length, MaxUidChars)))
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        uint hash = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(operatorUid));
        return string.Create(CultureInfo.InvariantCulture, $"{name}-{hash:x8}.{subtask}.{suffix}.lz4");
    }

    /// <summary>
    /// Resolves a manifest's file path against the manifest's folder. Own files are plain names;
    /// shared ones (checkpoints only) are <c>../chk-N/name</c>. Anything else is refused, so a
    /// manifest can never make a restore read or a retention delete outside the checkpoint directory.
    /// </summary>
    /// <returns><c>null</c> when the path is not of that form.</returns>
    public static string? Resolve(string folder, string path, bool allowShared)
    {
        string[] parts = path.Split('/');
        if (parts.Length == 1 && IsPlainName(parts[0]))
        {
            return Path.Combine(folder, parts[0]);
        }

        if (allowShared && parts.Length == 3 && parts[0] == ".." && TryParseId(parts[1], out _) && IsPlainName(parts[2]))
        {
            string? root = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(folder));
            return root is null ? null : Path.Combine(root, parts[1], parts[2]);
        }

        return null;
    }

    /// <summary>The key of a file in the checkpoint directory (<c>chk-N/name</c>), from a manifest path of checkpoint <paramref name="checkpointId"/>.</summary>
    public static string RootKey(long checkpointId, string path)
        => path.StartsWith("../", StringComparison.Ordinal) ? path[3..] : FolderName(checkpointId) + "/" + path;

    /// <summary>The manifest path, for checkpoint <paramref name="checkpointId"/>, of a file with key <paramref name="rootKey"/>.</summary>
    public static string PathFrom(long checkpointId, string rootKey)
    {
        string own = FolderName(checkpointId) + "/";
        return rootKey.StartsWith(own, StringComparison.Ordinal) ? rootKey[own.Length..] : "../" + rootKey;
    }

    /// <summary>Whether a path stays under the directory it is relative to: not rooted, no empty, <c>.</c> or <c>..</c> part.</summary>
    public static bool IsPortableRelativePath(string path)
        => path.Length > 0 && !Path.IsPathRooted(path) && path.Split('/', '\\').All(static part => part.Length > 0 && part != "." && part != "..");

    private static bool IsPlainName(string name)
        => name.Length > 0 && name != "." && name != ".." && name.IndexOfAny(['/', '\\', ':']) < 0 && !name.Contains('\0', StringComparison.Ordinal);
}
