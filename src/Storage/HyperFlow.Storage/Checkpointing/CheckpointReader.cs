using HyperFlow.Storage.Faster;
using HyperFlow.Storage.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HyperFlow.Storage.Checkpointing;

/// <summary>
/// A checkpoint or savepoint opened for a restore: its manifest was read and checked, every file was
/// verified against its size and xxHash64, and its operators were matched to the job's.
/// </summary>
/// <remarks>
/// Canonical keyed state restores into any backend and any parallelism (<see cref="RestoreKeyedState"/>);
/// sources read their positions (<see cref="SourcePositions"/>); FASTER's native checkpoints restore into
/// FASTER stores of the same subtask at the same parallelism (<see cref="RestoreKeyedState"/> too), or
/// are unpacked into a directory for <see cref="FasterTable{TKey, TValue, TInput, TUpdater}.Recover(FasterStoreOptions, FasterCheckpoint)"/>
/// (<see cref="RestoreFasterCheckpoint"/>). The files are decompressed as they are read, and their
/// raw checksums are checked when each is done.
/// </remarks>
/// <example>
/// <code>
/// CheckpointReader? latest = storage.OpenLatest(new CheckpointRestoreOptions(job.OperatorUids));
/// if (latest is not null)
/// {
///     latest.RestoreKeyedState(store);   // before the operator registers its states
/// }
/// </code>
/// </example>
public sealed class CheckpointReader
{
    private const int MaxProblemsListed = 5;

    private CheckpointReader(string folder, CheckpointManifest manifest)
    {
        Folder = folder;
        Manifest = manifest;
    }

    /// <summary>The checkpoint's folder (absolute).</summary>
    public string Folder { get; }

    /// <summary>The checkpoint's manifest.</summary>
    public CheckpointManifest Manifest { get; }

    /// <summary>
    /// Opens a checkpoint or savepoint folder for a restore: reads and checks its manifest, matches its
    /// operators to the job's, and verifies every file (size and xxHash64 of the stored bytes).
    /// </summary>
    /// <param name="folder">The checkpoint (<c>chk-N</c>) or savepoint folder.</param>
    /// <param name="options">The job's operators, and whether state of other operators may be dropped.</param>
    /// <returns>The verified checkpoint.</returns>
    /// <exception cref="CheckpointCorruptException">The manifest is missing or invalid, or a file is missing or fails verification.</exception>
    /// <exception cref="CheckpointException">The checkpoint holds state of an operator the job does not have, and <see cref="CheckpointRestoreOptions.AllowUnknownOperators"/> is not set.</exception>
    public static CheckpointReader Open(string folder, CheckpointRestoreOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(options);
        string full = Path.GetFullPath(folder);
        CheckpointManifest manifest = ManifestFile.Read(full);
        CheckOperators(full, manifest, options);
        Verify(full, manifest);
        return new CheckpointReader(full, manifest);
    }

    /// <summary>
    /// Restores a store from what the checkpoint holds of its operator (matched by
    /// <see cref="KeyedStateContext.OperatorUid"/>). Canonical snapshots restore into any backend at any
    /// parallelism: the store keeps the key groups it owns. FASTER's native checkpoints restore into a
    /// FASTER store (<see cref="IFasterCheckpointedStore"/>) of the same subtask at the same parallelism:
    /// each state's checkpoint is unpacked into the store's directory, and the state's table is recovered
    /// from it when the operator registers the state. Call it before the operator registers its states.
    /// </summary>
    /// <param name="store">The store of one operator subtask.</param>
    /// <returns><c>true</c> when the checkpoint held state of the operator; <c>false</c> when it held none (a new operator), and the store is left empty.</returns>
    /// <exception cref="CheckpointException">
    /// Its key groups changed; or the operator's state is in FASTER's native format and the store is not a
    /// FASTER store or runs at another parallelism (restore from a savepoint to change either).
    /// </exception>
    /// <exception cref="CheckpointCorruptException">A file does not decompress to its raw size and checksum.</exception>
    public bool RestoreKeyedState(KeyedStateStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        KeyedStateContext context = store.Context;
        OperatorManifest? op = Manifest.FindOperator(context.OperatorUid);
        if (op is null)
        {
            return false;
        }

        if (op.MaxParallelism != context.MaxParallelism)
        {
            throw new CheckpointException(
                $"{Describe()} holds the keyed state of operator '{op.Uid}' in {op.MaxParallelism} key groups, but {context.Describe()} has max parallelism "
                + $"{context.MaxParallelism}. Key groups cannot change across a restore: set the operator's max parallelism back to {op.MaxParallelism}.");
        }

        if (op.Subtasks.Any(static s => s.HasNativeState))
        {
            RestoreNative(op, store);
        }

        if (op.Subtasks.Any(static s => s.KeyedState is not null))
        {
            try
            {
                store.Restore(Decode(op, context));
            }
            catch (InvalidDataException ex)
            {
                throw new CheckpointCorruptException(
                    $"{Describe()}: the keyed state of operator '{op.Uid}' cannot be decompressed ({ex.Message}). Restore from an earlier checkpoint or a savepoint.", ex);
            }
        }

        return true;
    }

    /// <summary>The positions the checkpoint holds for a source's subtasks (as many as the source's parallelism when it was taken).</summary>
    /// <param name="operatorUid">The source's uid.</param>
    /// <returns>The position of each old subtask, in subtask order (<c>null</c> where a subtask wrote none); empty when the checkpoint holds nothing for the source.</returns>
    public IReadOnlyList<ReadOnlyMemory<byte>?> SourcePositions(string operatorUid)
    {
        ArgumentNullException.ThrowIfNull(operatorUid);
        return Manifest.FindOperator(operatorUid)?.Subtasks.Select(static s => s.Position).ToArray() ?? [];
    }

    /// <summary>
    /// Unpacks the FASTER checkpoint of one state of an operator subtask into a new directory: each file is
    /// decompressed and checked, and written to its path under <paramref name="directory"/>. Open the
    /// table there with <see cref="FasterTable{TKey, TValue, TInput, TUpdater}.Recover(FasterStoreOptions, FasterCheckpoint)"/>
    /// (with <see cref="FasterStoreOptions.Directory"/> set to <paramref name="directory"/>).
    /// </summary>
    /// <param name="operatorUid">The operator's uid.</param>
    /// <param name="subtask">The subtask (FASTER checkpoints restore at the parallelism they were taken with).</param>
    /// <param name="stateName">The state (<see cref="FasterSnapshotManifest.State"/>).</param>
    /// <param name="directory">A directory that does not exist yet or is empty.</param>
    /// <returns>The checkpoint, with its files in <paramref name="directory"/>; <see cref="FasterCheckpoint.WrittenBytes"/> is the bytes unpacked.</returns>
    /// <exception cref="CheckpointException">The checkpoint holds no FASTER checkpoint of the state for the subtask, or the directory is not empty.</exception>
    /// <exception cref="CheckpointCorruptException">A file does not decompress to its raw size and checksum.</exception>
    public FasterCheckpoint RestoreFasterCheckpoint(string operatorUid, int subtask, string stateName, string directory)
    {
        ArgumentNullException.ThrowIfNull(operatorUid);
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        OperatorManifest op = Manifest.FindOperator(operatorUid)
            ?? throw new CheckpointException($"{Describe()} holds no state of operator '{operatorUid}'; it has: {string.Join(", ", Manifest.Operators.Select(o => $"'{o.Uid}'"))}.");
        IReadOnlyList<FasterSnapshotManifest> states = (subtask >= 0 && subtask < op.Parallelism ? op.Subtasks[subtask].Faster : null) ?? [];
        FasterSnapshotManifest faster = states.FirstOrDefault(s => s.State == stateName)
            ?? throw new CheckpointException(
                $"{Describe()} holds no FASTER checkpoint of state '{stateName}' for operator '{operatorUid}' subtask {subtask} (it was taken with parallelism {op.Parallelism}"
                + $"{(states.Count == 0 ? string.Empty : $"; the subtask has states {string.Join(", ", states.Select(static s => $"'{s.State}'"))}")}). "
                + "FASTER checkpoints restore subtask by subtask at the same parallelism; restore canonical snapshots with RestoreKeyedState.");
        return Unpack(op, subtask, faster, directory);
    }

    private void RestoreNative(OperatorManifest op, KeyedStateStore store)
    {
        KeyedStateContext context = store.Context;
        if (store is not IFasterCheckpointedStore faster)
        {
            throw new CheckpointException(
                $"{Describe()} holds the keyed state of operator '{op.Uid}' as FASTER native checkpoints, which restore only into the FASTER backend, but "
                + $"{context.Describe()} uses another backend ({store.GetType().Name}). Restore with the FASTER backend, or restore from a savepoint "
                + "(canonical: any backend and parallelism) taken with the FASTER backend.");
        }

        if (op.Parallelism != context.Parallelism)
        {
            throw new CheckpointException(
                $"{Describe()} holds the keyed state of operator '{op.Uid}' as FASTER native checkpoints taken at parallelism {op.Parallelism}, which restore only "
                + $"subtask by subtask at that parallelism, but {context.Describe()} runs at parallelism {context.Parallelism}. Restore at parallelism {op.Parallelism}, "
                + "take a savepoint there (canonical: any parallelism and backend) and restore from it at the new parallelism.");
        }

        IReadOnlyList<FasterSnapshotManifest> states = op.Subtasks[context.Subtask].Faster ?? [];
        var checkpoints = new List<FasterStateCheckpoint>(states.Count);
        foreach (FasterSnapshotManifest state in states)
        {
            FasterCheckpoint unpacked = Unpack(op, context.Subtask, state, faster.StateDirectory(state.State));
            checkpoints.Add(new FasterStateCheckpoint(state.State, state.StateKind, state.Layout, unpacked));
        }

        faster.RestoreCheckpoints(checkpoints);
    }

    private FasterCheckpoint Unpack(OperatorManifest op, int subtask, FasterSnapshotManifest faster, string directory)
    {
        string target = Path.GetFullPath(directory);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new CheckpointException(
                $"Cannot unpack the FASTER checkpoint of state '{faster.State}' of operator '{op.Uid}' subtask {subtask} into '{target}': the directory is not empty. "
                + "Give a new or empty directory.");
        }

        var files = new List<FasterCheckpointFile>(faster.Files.Count);
        long bytes = 0;
        foreach (StateFileManifest file in faster.Files)
        {
            string path = Path.Combine(target, file.RelativePath!);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (StateFiles.DecodedFile decoded = OpenDecoded(file, op, subtask))
            using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                decoded.Stream.CopyTo(output);
                if (!decoded.Finish())
                {
                    throw DecodeMismatch(file, op, subtask);
                }
            }

            files.Add(new FasterCheckpointFile(path, file.RelativePath!, file.RawSize));
            bytes += file.RawSize;
        }

        return new FasterCheckpoint(faster.Kind, faster.IndexToken, faster.LogToken, faster.Version, faster.Entries, bytes, target, files);
    }

    private static void CheckOperators(string folder, CheckpointManifest manifest, CheckpointRestoreOptions options)
    {
        foreach (OperatorManifest op in manifest.Operators.Where(o => !options.OperatorUids.Contains(o.Uid)))
        {
            if (!options.AllowUnknownOperators)
            {
                throw new CheckpointException(
                    $"{manifest.Describe()} in '{folder}' holds state of operator '{op.Uid}', which the job does not have (its operators: "
                    + $"{string.Join(", ", options.OperatorUids.Order(StringComparer.Ordinal).Select(u => $"'{u}'"))}). If the operator was removed on purpose, "
                    + "restore with CheckpointRestoreOptions.AllowUnknownOperators = true to drop its state; if its uid changed, give it back the uid "
                    + $"'{op.Uid}'.");
            }

            CheckpointLog.UnknownOperatorDropped(options.Logger ?? NullLogger.Instance, manifest.Job, manifest.Kind, manifest.CheckpointId, op.Uid);
        }
    }

    private static void Verify(string folder, CheckpointManifest manifest)
    {
        var problems = new List<string>();
        foreach ((OperatorManifest op, SubtaskManifest subtask, StateFileManifest file) in manifest.Files())
        {
            string path = CheckpointFolders.Resolve(folder, file.Path, allowShared: manifest.Kind == CheckpointKind.Checkpoint)!;
            StateFileStatus status = StateFiles.Verify(path, file);
            if (status != StateFileStatus.Valid)
            {
                problems.Add($"file '{file.Path}' of operator '{op.Uid}' subtask {subtask.Subtask}: {Explain(status)}");
            }
        }

        if (problems.Count > 0)
        {
            string more = problems.Count > MaxProblemsListed ? $"; and {problems.Count - MaxProblemsListed} more" : string.Empty;
            throw new CheckpointCorruptException(
                $"{manifest.Describe()} in '{folder}' is corrupt: {string.Join("; ", problems.Take(MaxProblemsListed))}{more}. "
                + "Restore from an earlier checkpoint or a savepoint; keep this folder for inspection if the cause is unknown.");
        }
    }

    private static string Explain(StateFileStatus status) => status switch
    {
        StateFileStatus.Missing => "missing",
        StateFileStatus.SizeMismatch => "its size is not the manifest's (truncated or appended to)",
        _ => "its xxHash64 checksum is not the manifest's (its bytes changed)",
    };

    private IEnumerable<Stream> Decode(OperatorManifest op, KeyedStateContext context)
    {
        int end = context.KeyGroupStart + context.KeyGroupCount;
        foreach (SubtaskManifest subtask in op.Subtasks)
        {
            // A snapshot holds only its subtask's key groups: one that cannot hold a group the store owns is not read at all.
            if (subtask.KeyedState is null || subtask.KeyGroupStart >= end || subtask.KeyGroupStart + subtask.KeyGroupCount <= context.KeyGroupStart)
            {
                continue;
            }

            using StateFiles.DecodedFile file = OpenDecoded(subtask.KeyedState, op, subtask.Subtask);
            yield return file.Stream;
            if (!file.Finish())
            {
                throw DecodeMismatch(subtask.KeyedState, op, subtask.Subtask);
            }
        }
    }

    private StateFiles.DecodedFile OpenDecoded(StateFileManifest file, OperatorManifest op, int subtask)
    {
        string path = CheckpointFolders.Resolve(Folder, file.Path, allowShared: Manifest.Kind == CheckpointKind.Checkpoint)!;
        try
        {
            return StateFiles.OpenDecoded(path, file);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CheckpointCorruptException(
                $"{Describe()}: file '{file.Path}' of operator '{op.Uid}' subtask {subtask} disappeared after the checkpoint was verified. "
                + "Something else deletes files in the checkpoint directory: give the job a directory of its own.", ex);
        }
    }

    private CheckpointCorruptException DecodeMismatch(StateFileManifest file, OperatorManifest op, int subtask)
        => new($"{Describe()}: file '{file.Path}' of operator '{op.Uid}' subtask {subtask} does not decompress to its raw size ({file.RawSize} bytes) "
            + $"and checksum ({file.RawChecksum}). Restore from an earlier checkpoint or a savepoint.");

    private string Describe() => $"{Manifest.Describe()} in '{Folder}'";
}
