using System.Text.Json;
using HyperFlow.Storage.Keys;

namespace HyperFlow.Storage.Checkpointing;

/// <summary>Writes a manifest durably and atomically, and reads one back with every field checked.</summary>
internal static class ManifestFile
{
    /// <summary>
    /// Writes the manifest to a temporary file, flushes it to disk, renames it to
    /// <c>manifest.json</c> (atomic: a reader sees no manifest or the whole of it), then flushes the
    /// folder so the rename itself is on disk.
    /// </summary>
    public static void Write(string folder, CheckpointManifest manifest)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestJsonContext.Manifest.CheckpointManifest);
        string temp = Path.Combine(folder, CheckpointFolders.TempManifestFileName);
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1))
        {
            file.Write(json);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, Path.Combine(folder, CheckpointFolders.ManifestFileName), overwrite: true);
        DirectorySync.Flush(folder);
    }

    /// <summary>Reads and checks the manifest of a folder.</summary>
    /// <param name="folder">The checkpoint or savepoint folder.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="CheckpointCorruptException">The manifest is missing, unreadable or invalid.</exception>
    public static CheckpointManifest Read(string folder)
    {
        string path = Path.Combine(folder, CheckpointFolders.ManifestFileName);
        CheckpointManifest? manifest;
        try
        {
            using FileStream file = File.OpenRead(path);
            manifest = JsonSerializer.Deserialize(file, ManifestJsonContext.Manifest.CheckpointManifest);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Invalid(folder, "it has no manifest.json (the checkpoint was never completed, or the folder is not a checkpoint)", ex);
        }
        catch (JsonException ex) when (FormatVersionOf(path) is >= CheckpointManifest.OldestReadableFormatVersion and < CheckpointManifest.CurrentFormatVersion and var old)
        {
            // Version 1 held one FASTER checkpoint per subtask (an object where version 2 has a list).
            throw new CheckpointException(
                $"Checkpoint folder '{folder}' has format version {old}, written by an earlier HyperFlow, and holds FASTER checkpoints in a layout this build "
                + $"(format {CheckpointManifest.CurrentFormatVersion}) does not read ({ex.Message}). Restore from a savepoint, or with the HyperFlow version that wrote it.",
                ex);
        }
        catch (JsonException ex)
        {
            throw Invalid(folder, $"its manifest.json is not a valid manifest ({ex.Message})", ex);
        }

        if (manifest is null)
        {
            throw Invalid(folder, "its manifest.json holds null");
        }

        Validate(folder, manifest);
        return manifest;
    }

    private static void Validate(string folder, CheckpointManifest manifest)
    {
        if (manifest.FormatVersion is < CheckpointManifest.OldestReadableFormatVersion or > CheckpointManifest.CurrentFormatVersion)
        {
            throw manifest.FormatVersion > CheckpointManifest.CurrentFormatVersion
                ? new CheckpointException(
                    $"Checkpoint folder '{folder}' has format version {manifest.FormatVersion}, written by a newer HyperFlow; this build reads version "
                    + $"{CheckpointManifest.CurrentFormatVersion}. Restore it with the HyperFlow version that wrote it or a later one.")
                : Invalid(folder, $"its manifest has format version {manifest.FormatVersion}, which no HyperFlow wrote");
        }

        Require(folder, !string.IsNullOrWhiteSpace(manifest.Job), "its manifest names no job");
        Require(folder, !string.IsNullOrWhiteSpace(manifest.StateBackend), "its manifest names no state backend");
        Require(folder, manifest.CheckpointId >= 0, $"its checkpoint id {manifest.CheckpointId} is negative");
        Require(folder, Enum.IsDefined(manifest.Kind), $"its kind {(int)manifest.Kind} is unknown");
        var uids = new HashSet<string>(StringComparer.Ordinal);
        foreach (OperatorManifest op in manifest.Operators)
        {
            Require(folder, !string.IsNullOrWhiteSpace(op.Uid) && uids.Add(op.Uid), $"operator uid '{op.Uid}' is empty or listed twice");
            Require(folder, op.Parallelism >= 1 && op.MaxParallelism >= 0 && op.MaxParallelism <= KeyGroups.MaxMaxParallelism
                && (op.MaxParallelism == 0 || op.Parallelism <= op.MaxParallelism),
                $"operator '{op.Uid}' has parallelism {op.Parallelism} and max parallelism {op.MaxParallelism}");
            Require(folder, op.Subtasks.Count == op.Parallelism && op.Subtasks.Select((s, i) => s.Subtask == i).All(static ok => ok),
                $"operator '{op.Uid}' does not list its {op.Parallelism} subtasks in order");
            foreach (SubtaskManifest subtask in op.Subtasks)
            {
                (int start, int count) = op.MaxParallelism == 0 ? (0, 0) : KeyGroups.RangeOf(subtask.Subtask, op.MaxParallelism, op.Parallelism);
                Require(folder, subtask.KeyGroupStart == start && subtask.KeyGroupCount == count,
                    $"operator '{op.Uid}' subtask {subtask.Subtask} has key groups [{subtask.KeyGroupStart}, +{subtask.KeyGroupCount}), not [{start}, +{count})");
                Require(folder, op.MaxParallelism > 0 || (subtask.KeyedState is null && subtask.Faster is null),
                    $"operator '{op.Uid}' subtask {subtask.Subtask} has keyed state but its operator no max parallelism");
                if (subtask.KeyedState is not null)
                {
                    ValidateFile(folder, manifest, op, subtask, subtask.KeyedState, native: false);
                }

                var states = new HashSet<string>(StringComparer.Ordinal);
                foreach (FasterSnapshotManifest state in subtask.Faster ?? [])
                {
                    Require(folder, !string.IsNullOrEmpty(state.State) && states.Add(state.State),
                        $"operator '{op.Uid}' subtask {subtask.Subtask} lists a FASTER checkpoint of state '{state.State}' that is unnamed or listed twice");
                    Require(folder, Enum.IsDefined(state.StateKind) && Enum.IsDefined(state.Kind) && !string.IsNullOrEmpty(state.Layout),
                        $"operator '{op.Uid}' subtask {subtask.Subtask} state '{state.State}' has an unknown kind or no layout");
                    foreach (StateFileManifest file in state.Files)
                    {
                        ValidateFile(folder, manifest, op, subtask, file, native: true);
                    }
                }
            }
        }
    }

    private static void ValidateFile(string folder, CheckpointManifest manifest, OperatorManifest op, SubtaskManifest subtask, StateFileManifest file, bool native)
    {
        string where = $"operator '{op.Uid}' subtask {subtask.Subtask} file '{file.Path}'";
        Require(folder, CheckpointFolders.Resolve(folder, file.Path, allowShared: manifest.Kind == CheckpointKind.Checkpoint) is not null,
            $"{where} is not a file of this folder{(manifest.Kind == CheckpointKind.Checkpoint ? " or of an earlier checkpoint" : " (a savepoint must be self-contained)")}");
        Require(folder, file.RawSize >= 0 && file.StoredSize >= 0, $"{where} has a negative size");
        Require(folder, IsChecksum(file.Checksum) && IsChecksum(file.RawChecksum), $"{where} has a checksum that is not 16 hex digits");
        Require(folder, native ? file.RelativePath is not null && CheckpointFolders.IsPortableRelativePath(file.RelativePath) : file.RelativePath is null,
            native ? $"{where} has no relative path under the store's directory, or one that leaves it ('{file.RelativePath}')" : $"{where} is a canonical snapshot but has a relative path");
    }

    /// <summary>The format version a manifest that failed to parse declares, if it declares one a reader can find.</summary>
    private static int? FormatVersionOf(string path)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("formatVersion", out JsonElement version)
                && version.TryGetInt32(out int value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsChecksum(string value) => value.Length == 16 && value.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0;

    private static void Require(string folder, bool condition, string why)
    {
        if (!condition)
        {
            throw Invalid(folder, why);
        }
    }

    private static CheckpointCorruptException Invalid(string folder, string why, Exception? inner = null)
    {
        string message = $"Checkpoint folder '{folder}' is not a valid checkpoint: {why}. Restore from an earlier checkpoint or a savepoint; "
            + "keep this folder for inspection if the cause is unknown.";
        return inner is null ? new CheckpointCorruptException(message) : new CheckpointCorruptException(message, inner);
    }
}
