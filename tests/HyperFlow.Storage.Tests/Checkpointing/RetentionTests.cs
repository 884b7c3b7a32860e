using HyperFlow.Storage.Checkpointing;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.Tests.Faster;
using Microsoft.Extensions.Logging;

namespace HyperFlow.Storage.Tests.Checkpointing;

public class RetentionTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Retention_KeepsTheLastN_AndDeletesTheOthersEntirely(int retained)
    {
        using var dir = new TempDirectory();
        using CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path, retained));

        for (int i = 0; i < 6; i++)
        {
            CheckpointData.WriteSimple(storage);
        }

        long[] expected = [.. Enumerable.Range(7 - retained, retained).Select(static i => (long)i)];
        Assert.Equal(expected, storage.Checkpoints.Select(c => c.CheckpointId));
        Assert.Equal(expected.Select(id => $"chk-{id}"), CheckpointFolders(dir.Path));
        Assert.Equal(4 * retained, CheckpointData.StateFilesOnDisk(dir.Path).Count);
    }

    [Fact]
    public void DefaultRetention_IsThree()
        => Assert.Equal(3, new CheckpointStorageOptions("/tmp/x", "job").RetainedCheckpoints);

    [Fact]
    public void SharedFiles_AreDeletedOnlyWhenNoRetainedManifestReferencesThem_AcrossReopening()
    {
        using var dir = new TempDirectory();
        byte[] segment = CheckpointData.Content(1);
        byte[] other = CheckpointData.Content(2);
        CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path, retained: 2));
        try
        {
            // Checkpoints 1-3 hold the same segment and a delta of their own: 2 and 3 share 1's copy of the segment.
            for (int id = 1; id <= 3; id++)
            {
                WriteFaster(storage, dir.Sub($"faster-{id}"), segment, CheckpointData.Content(100 + id));
            }

            string shared = Assert.Single(CheckpointData.StateFilesOnDisk(dir.Path), f => f.StartsWith("chk-1/", StringComparison.Ordinal));
            Assert.Equal("../" + shared, storage.Checkpoints[1].Operators[0].Subtasks[0].Faster![0].Files[0].Path);
            Assert.Equal([2L, 3L], storage.Checkpoints.Select(c => c.CheckpointId));
            Assert.False(File.Exists(Path.Combine(dir.Path, "chk-1", "manifest.json")));

            // Reference counts are rebuilt from the retained manifests: the shared file survives reopening.
            storage.Dispose();
            storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path, retained: 2));
            Assert.Contains(shared, CheckpointData.StateFilesOnDisk(dir.Path));

            WriteFaster(storage, dir.Sub("faster-4"), other, CheckpointData.Content(104));
            Assert.Contains(shared, CheckpointData.StateFilesOnDisk(dir.Path));

            WriteFaster(storage, dir.Sub("faster-5"), other, CheckpointData.Content(105));
            Assert.DoesNotContain(shared, CheckpointData.StateFilesOnDisk(dir.Path));
            Assert.False(Directory.Exists(Path.Combine(dir.Path, "chk-1")));
            Assert.Equal(["chk-4", "chk-5"], CheckpointFolders(dir.Path));
            Assert.Equal(3, CheckpointData.StateFilesOnDisk(dir.Path).Count);
        }
        finally
        {
            storage.Dispose();
        }
    }

    [Fact]
    public void FasterFiles_RestoreAfterTheStoresFolderIsGone_ByteForByte()
    {
        using var dir = new TempDirectory();
        byte[] segment = CheckpointData.Content(1);
        byte[] delta = CheckpointData.Content(2, length: 5000);
        using CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path));
        FasterCheckpoint original = WriteFaster(storage, dir.Sub("faster-1"), segment, delta);

        // FASTER appends past the listed length after the checkpoint: only the listed prefix is packaged.
        File.AppendAllText(original.Files[1].Path, "appended later");
        WriteFaster(storage, dir.Sub("faster-2"), segment, delta);
        Directory.Delete(dir.Sub("faster-1"), recursive: true);
        Directory.Delete(dir.Sub("faster-2"), recursive: true);
        CheckpointReader reader = storage.OpenLatest(CheckpointData.Restore("op"))!;

        FasterCheckpoint restored = reader.RestoreFasterCheckpoint("op", 0, CheckpointData.FasterState, dir.Sub("restored"));

        Assert.Equal(2, reader.Manifest.CheckpointId);
        Assert.All(reader.Manifest.Operators[0].Subtasks[0].Faster![0].Files, f => Assert.StartsWith("../chk-1/", f.Path, StringComparison.Ordinal));
        Assert.Equal((original.Kind, original.Version), (restored.Kind, restored.Version));
        Assert.Equal(dir.Sub("restored"), restored.Directory);
        Assert.Equal(["segments/file-0.dat", "segments/file-1.dat"], restored.Files.Select(f => f.RelativePath));
        Assert.Equal(segment, File.ReadAllBytes(Path.Combine(dir.Sub("restored"), "segments/file-0.dat")));
        Assert.Equal(delta, File.ReadAllBytes(restored.Files[1].Path));
        Assert.Throws<CheckpointException>(() => reader.RestoreFasterCheckpoint("op", 0, CheckpointData.FasterState, dir.Sub("restored")));
        Assert.Contains("RestoreKeyedState", Assert.Throws<CheckpointException>(() => reader.RestoreFasterCheckpoint("op", 1, CheckpointData.FasterState, dir.Sub("other"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SharedFileCorruptedOnDisk_IsCopiedAfresh_WithAWarning()
    {
        using var dir = new TempDirectory();
        var logger = new ListLogger();
        byte[] segment = CheckpointData.Content(1);
        using CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path, logger: logger));
        WriteFaster(storage, dir.Sub("faster-1"), segment);
        CheckpointData.FlipByte(Path.Combine(dir.Path, Assert.Single(CheckpointData.StateFilesOnDisk(dir.Path))));

        FasterSnapshotManifest second = WriteFasterManifest(storage, dir.Sub("faster-2"), segment);

        Assert.DoesNotContain("../", second.Files[0].Path, StringComparison.Ordinal);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("ChecksumMismatch", StringComparison.Ordinal));
        Assert.Equal(2, storage.OpenLatest(CheckpointData.Restore("op"))!.Manifest.CheckpointId);
    }

    [Fact]
    public void AbandonedCheckpoint_ReleasesTheFilesItShared()
    {
        using var dir = new TempDirectory();
        byte[] segment = CheckpointData.Content(1);
        using CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path, retained: 1));
        WriteFaster(storage, dir.Sub("faster-1"), segment);
        using (CheckpointWriter abandoned = storage.BeginCheckpoint(2, "Faster"))
        {
            abandoned.AddFasterCheckpoint(CheckpointData.Context("op", 0, 1), CheckpointData.State(CheckpointData.FakeFaster(dir.Sub("faster-2"), segment)));
        }

        WriteFaster(storage, dir.Sub("faster-3"), CheckpointData.Content(3));

        Assert.Equal([3L], storage.Checkpoints.Select(c => c.CheckpointId));
        Assert.Equal(["chk-3"], CheckpointFolders(dir.Path));
        Assert.Single(CheckpointData.StateFilesOnDisk(dir.Path));
    }

    [Fact]
    public void MissingFasterFile_IsRefusedNamingItAndTheSubtask()
    {
        using var dir = new TempDirectory();
        using CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path));
        FasterCheckpoint checkpoint = CheckpointData.FakeFaster(dir.Sub("faster"), CheckpointData.Content(1));
        File.Delete(checkpoint.Files[0].Path);
        using CheckpointWriter writer = storage.BeginCheckpoint(1, "Faster");

        var error = Assert.Throws<CheckpointException>(() => writer.AddFasterCheckpoint(CheckpointData.Context("op", 0, 1), CheckpointData.State(checkpoint)));

        Assert.Contains(checkpoint.Files[0].Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("operator 'op' subtask 1/1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Savepoints_InsideTheDirectory_AreNeverTouchedByRetentionOrCleanup()
    {
        using var dir = new TempDirectory();
        string savepoint = Path.Combine(dir.Path, "savepoints", "sp-1");
        using (CheckpointWriter writer = CheckpointWriter.BeginSavepoint(savepoint, CheckpointData.Job, 1, "InMemory"))
        {
            CheckpointData.WriteOperator(writer, "a", 2, 100, static k => k);
            writer.Complete();
        }

        using (CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path, retained: 1)))
        {
            for (int i = 0; i < 3; i++)
            {
                CheckpointData.WriteSimple(storage);
            }
        }

        using CheckpointStorage reopened = CheckpointStorage.Open(CheckpointData.Options(dir.Path, retained: 1));
        Assert.True(CheckpointInspection.Inspect(savepoint).IsValid);
        Assert.Equal(CheckpointKind.Savepoint, CheckpointReader.Open(savepoint, CheckpointData.Restore("a")).Manifest.Kind);
    }

    private static IEnumerable<string> CheckpointFolders(string directory)
        => Directory.EnumerateDirectories(directory, "chk-*").Select(static d => Path.GetFileName(d)).Order(StringComparer.Ordinal);

    private static FasterCheckpoint WriteFaster(CheckpointStorage storage, string fasterDirectory, params byte[][] contents)
    {
        FasterCheckpoint checkpoint = CheckpointData.FakeFaster(fasterDirectory, contents);
        using CheckpointWriter writer = storage.BeginCheckpoint(storage.NextCheckpointId, "Faster");
        writer.AddFasterCheckpoint(CheckpointData.Context("op", 0, 1), CheckpointData.State(checkpoint));
        writer.Complete();
        return checkpoint;
    }

    private static FasterSnapshotManifest WriteFasterManifest(CheckpointStorage storage, string fasterDirectory, params byte[][] contents)
    {
        using CheckpointWriter writer = storage.BeginCheckpoint(storage.NextCheckpointId, "Faster");
        FasterSnapshotManifest manifest = writer.AddFasterCheckpoint(CheckpointData.Context("op", 0, 1), CheckpointData.State(CheckpointData.FakeFaster(fasterDirectory, contents)));
        writer.Complete();
        return manifest;
    }
}
