using System.Globalization;

namespace HyperFlow.Storage.Checkpointing;

/// <summary>
/// What a checkpoint or savepoint folder holds: its manifest and every file with its sizes and
/// checksum status, for tools (the CLI's <c>inspect</c>) and for people.
/// </summary>
/// <param name="Folder">The folder (absolute).</param>
/// <param name="Manifest">Its manifest.</param>
/// <param name="Files">Every file, operator by operator and subtask by subtask, each verified.</param>
/// <example>
/// <code>
/// CheckpointInspection inspection = CheckpointInspection.Inspect("/var/lib/trades/checkpoints/chk-42");
/// inspection.WriteReport(Console.Out);
/// </code>
/// </example>
public sealed record CheckpointInspection(string Folder, CheckpointManifest Manifest, IReadOnlyList<StateFileInspection> Files)
{
    /// <summary>The raw bytes of the checkpoint's state, shared files included.</summary>
    public long RawSize => Files.Sum(static f => f.File.RawSize);

    /// <summary>The stored bytes of the checkpoint's state, shared files included.</summary>
    public long StoredSize => Files.Sum(static f => f.File.StoredSize);

    /// <summary>The stored bytes of the files this checkpoint wrote itself (not shared with an earlier one).</summary>
    public long OwnStoredSize => Files.Where(static f => !f.IsShared).Sum(static f => f.File.StoredSize);

    /// <summary>Raw bytes per stored byte over all files (1 when there are none).</summary>
    public double CompressionRatio => StoredSize == 0 ? 1 : (double)RawSize / StoredSize;

    /// <summary>Whether every file is present with its manifest's size and checksum.</summary>
    public bool IsValid => Files.All(static f => f.Status == StateFileStatus.Valid);

    /// <summary>Reads a checkpoint or savepoint folder's manifest and verifies each of its files.</summary>
    /// <param name="folder">The folder.</param>
    /// <returns>The inspection; corrupt files are reported in <see cref="StateFileInspection.Status"/>, not thrown.</returns>
    /// <exception cref="CheckpointCorruptException">The manifest is missing, unreadable or invalid.</exception>
    public static CheckpointInspection Inspect(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        string full = Path.GetFullPath(folder);
        CheckpointManifest manifest = ManifestFile.Read(full);
        var files = new List<StateFileInspection>();
        bool allowShared = manifest.Kind == CheckpointKind.Checkpoint;
        foreach (OperatorManifest op in manifest.Operators)
        {
            foreach (SubtaskManifest subtask in op.Subtasks)
            {
                if (subtask.KeyedState is { } keyed)
                {
                    files.Add(new StateFileInspection(op.Uid, subtask.Subtask, subtask.KeyGroupStart, subtask.KeyGroupCount, keyed,
                        StateFiles.Verify(CheckpointFolders.Resolve(full, keyed.Path, allowShared)!, keyed)));
                }

                foreach (FasterSnapshotManifest state in subtask.Faster ?? [])
                {
                    foreach (StateFileManifest file in state.Files)
                    {
                        files.Add(new StateFileInspection(op.Uid, subtask.Subtask, subtask.KeyGroupStart, subtask.KeyGroupCount, file,
                            StateFiles.Verify(CheckpointFolders.Resolve(full, file.Path, allowShared)!, file), state.State));
                    }
                }
            }
        }

        return new CheckpointInspection(full, manifest, files);
    }

    /// <summary>Writes a human-readable report: the checkpoint, then one line per operator, subtask and file, then totals.</summary>
    /// <param name="writer">Where to write it.</param>
    public void WriteReport(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CultureInfo c = CultureInfo.InvariantCulture;
        writer.WriteLine(string.Create(c, $"{Manifest.Describe()}: format {Manifest.FormatVersion}, backend {Manifest.StateBackend}, created {Manifest.CreatedAt:u}"));
        writer.WriteLine(string.Create(c, $"folder {Folder}"));
        foreach (OperatorManifest op in Manifest.Operators)
        {
            writer.WriteLine(string.Create(c, $"operator '{op.Uid}': parallelism {op.Parallelism}, max parallelism {op.MaxParallelism}"));
            foreach (SubtaskManifest subtask in op.Subtasks)
            {
                string position = subtask.Position is { } p ? string.Create(c, $", position {p.Length} bytes") : string.Empty;
                writer.WriteLine(string.Create(c, $"  subtask {subtask.Subtask}: key groups [{subtask.KeyGroupStart}, {subtask.KeyGroupStart + subtask.KeyGroupCount}){position}"));
                foreach (FasterSnapshotManifest state in subtask.Faster ?? [])
                {
                    writer.WriteLine(string.Create(c,
                        $"    faster state '{state.State}' ({state.StateKind}, {state.Layout}): {(state.Kind == Faster.FasterCheckpointKind.Incremental ? "incremental" : "full")} checkpoint, version {state.Version}, {state.Entries} entries, {state.Files.Count} files"));
                }

                foreach (StateFileInspection file in Files.Where(f => f.OperatorUid == op.Uid && f.Subtask == subtask.Subtask))
                {
                    string kind = file.IsNative ? $"faster '{file.FasterState}' {file.File.RelativePath}" : "keyed state";
                    writer.WriteLine(string.Create(c,
                        $"    {kind}: raw {file.File.RawSize} B, stored {file.File.StoredSize} B, ratio {file.File.CompressionRatio():F2}, {Status(file.Status)}{(file.IsShared ? ", shared" : string.Empty)} ({file.File.Path})"));
                }
            }
        }

        int invalid = Files.Count(static f => f.Status != StateFileStatus.Valid);
        string verdict = invalid == 0 ? "all checksums valid" : string.Create(c, $"{invalid} file(s) INVALID: restore from another checkpoint");
        writer.WriteLine(string.Create(c,
            $"total: {Files.Count} files, raw {RawSize} B, stored {StoredSize} B ({OwnStoredSize} B written by this checkpoint), ratio {CompressionRatio:F2}, {verdict}"));
    }

    private static string Status(StateFileStatus status) => status switch
    {
        StateFileStatus.Valid => "checksum ok",
        StateFileStatus.Missing => "MISSING",
        StateFileStatus.SizeMismatch => "SIZE MISMATCH",
        _ => "CHECKSUM MISMATCH",
    };
}
