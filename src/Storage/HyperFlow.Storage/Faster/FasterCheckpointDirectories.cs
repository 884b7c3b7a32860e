using FASTER.core;

namespace HyperFlow.Storage.Faster;

/// <summary>Where FASTER keeps a table's checkpoints under its directory (FASTER's default naming scheme).</summary>
internal static class FasterCheckpointDirectories
{
    private static readonly DefaultCheckpointNamingScheme s_naming = new();

    /// <summary>The directory of the index checkpoint with <paramref name="token"/>.</summary>
    public static string Index(string directory, Guid token) => Path.Combine(directory, s_naming.IndexCheckpointBasePath(), token.ToString());

    /// <summary>The directory of the log checkpoint (snapshot, delta, metadata) with <paramref name="token"/>.</summary>
    public static string Log(string directory, Guid token) => Path.Combine(directory, s_naming.LogCheckpointBasePath(), token.ToString());

    /// <summary>Checks that a checkpoint's directories are in a table's directory before it is recovered from them.</summary>
    /// <exception cref="ArgumentException">One is missing.</exception>
    public static void Require(FasterStoreOptions options, Guid indexToken, Guid logToken)
    {
        string directory = Path.GetFullPath(options.Directory);
        foreach (string required in new[] { Index(directory, indexToken), Log(directory, logToken) })
        {
            if (!System.IO.Directory.Exists(required))
            {
                throw new ArgumentException(
                    $"FasterTable.Recover: '{required}' does not exist. Copy the checkpoint's files (FasterCheckpoint.Files, "
                    + "each to its RelativePath) into FasterStoreOptions.Directory before restoring.",
                    nameof(options));
            }
        }
    }
}
