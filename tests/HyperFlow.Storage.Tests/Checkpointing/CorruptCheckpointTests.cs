using HyperFlow.Storage.Checkpointing;
using HyperFlow.Storage.Tests.Faster;
using Microsoft.Extensions.Logging;

namespace HyperFlow.Storage.Tests.Checkpointing;

public class CorruptCheckpointTests
{
    public enum Damage
    {
        FlipByteInStateFile,
        TruncateStateFile,
        DeleteStateFile,
        TruncateManifest,
        GarbageManifest,
        ManifestMissingAField,
    }

    [Theory]
    [InlineData(Damage.FlipByteInStateFile, false)]
    [InlineData(Damage.TruncateStateFile, false)]
    [InlineData(Damage.DeleteStateFile, false)]
    [InlineData(Damage.TruncateManifest, false)]
    [InlineData(Damage.GarbageManifest, false)]
    [InlineData(Damage.ManifestMissingAField, false)]
    [InlineData(Damage.FlipByteInStateFile, true)]
    [InlineData(Damage.TruncateManifest, true)]
    public void CorruptNewestCheckpoint_IsSkippedForThePreviousOne_LoudlyAndCounted(Damage damage, bool reopen)
    {
        using var dir = new TempDirectory();
        var logger = new ListLogger();
        CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path, logger: logger));
        try
        {
            CheckpointData.WriteSimple(storage);
            CheckpointData.WriteSimple(storage);
            CheckpointManifest newest = CheckpointData.WriteSimple(storage);
            Apply(damage, Path.Combine(dir.Path, "chk-3"), newest);
            if (reopen)
            {
                storage.Dispose();
                storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path, logger: logger));
            }

            CheckpointReader reader = storage.OpenLatest(CheckpointData.Restore())!;

            Assert.Equal(2, reader.Manifest.CheckpointId);
            Assert.Equal(1, storage.CorruptCheckpointsSkipped);
            Dictionary<long, long> restored = CheckpointData.RestoreOperator(reader, "a", 3, 200);
            Assert.Equal(200, restored.Count);
            Assert.All(restored, e => Assert.Equal((e.Key * 10) + 2, e.Value));
            (LogLevel level, string message) = Assert.Single(logger.Entries, e => e.Message.Contains("SKIPPED", StringComparison.Ordinal));
            Assert.Equal(LogLevel.Error, level);
            Assert.Contains("checkpoint 3", message, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(dir.Path, "chk-3"), message, StringComparison.Ordinal);
        }
        finally
        {
            storage.Dispose();
        }
    }

    [Fact]
    public void EveryCheckpointCorrupt_OpenLatestReturnsNull_CountsEachAndLogsThatNoneRestores()
    {
        using var dir = new TempDirectory();
        var logger = new ListLogger();
        using CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path, logger: logger));
        CheckpointManifest first = CheckpointData.WriteSimple(storage);
        CheckpointManifest second = CheckpointData.WriteSimple(storage);
        Apply(Damage.FlipByteInStateFile, Path.Combine(dir.Path, "chk-1"), first);
        Apply(Damage.DeleteStateFile, Path.Combine(dir.Path, "chk-2"), second);

        Assert.Null(storage.OpenLatest(CheckpointData.Restore()));

        Assert.Equal(2, storage.CorruptCheckpointsSkipped);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("none of the 2 checkpoints", StringComparison.Ordinal));
    }

    [Fact]
    public void CorruptCheckpoint_OpenedDirectly_NamesTheFileAndTheFix()
    {
        using var dir = new TempDirectory();
        using CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path));
        CheckpointManifest manifest = CheckpointData.WriteSimple(storage);
        Apply(Damage.FlipByteInStateFile, Path.Combine(dir.Path, "chk-1"), manifest);

        var error = Assert.Throws<CheckpointCorruptException>(() => CheckpointReader.Open(Path.Combine(dir.Path, "chk-1"), CheckpointData.Restore()));

        Assert.Contains($"file '{manifest.Operators[1].Subtasks[1].KeyedState!.Path}' of operator 'b' subtask 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
        Assert.Contains("Restore from an earlier checkpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_ReportsEachBadFile_WithoutThrowing()
    {
        using var dir = new TempDirectory();
        using CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path));
        CheckpointManifest manifest = CheckpointData.WriteSimple(storage);
        string folder = Path.Combine(dir.Path, "chk-1");
        CheckpointData.FlipByte(Path.Combine(folder, manifest.Operators[0].Subtasks[0].KeyedState!.Path));
        File.Delete(Path.Combine(folder, manifest.Operators[1].Subtasks[1].KeyedState!.Path));

        CheckpointInspection inspection = CheckpointInspection.Inspect(folder);

        Assert.False(inspection.IsValid);
        Assert.Equal(
            [StateFileStatus.ChecksumMismatch, StateFileStatus.Valid, StateFileStatus.Valid, StateFileStatus.Missing],
            inspection.Files.Select(f => f.Status));
        var report = new StringWriter();
        inspection.WriteReport(report);
        Assert.Contains("2 file(s) INVALID", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FolderWithoutManifest_IsInvisible_AndRemovedWhenTheDirectoryIsOpened()
    {
        using var dir = new TempDirectory();
        var logger = new ListLogger();
        CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path, logger: logger));
        CheckpointData.WriteSimple(storage);

        // A run that crashed while writing checkpoint 2: its files are there, its manifest never was.
        CheckpointWriter crashed = storage.BeginCheckpoint(2, "InMemory");
        CheckpointData.WriteOperator(crashed, "a", 2, 200, static k => k);
        Assert.Equal([1L], storage.Checkpoints.Select(c => c.CheckpointId));
        Assert.Equal(1, storage.OpenLatest(CheckpointData.Restore())!.Manifest.CheckpointId);
        storage.Dispose();

        // And one that crashed while renaming the manifest into place.
        string torn = Directory.CreateDirectory(Path.Combine(dir.Path, "chk-7")).FullName;
        File.WriteAllText(Path.Combine(torn, "manifest.json.tmp"), "{\"formatVersion\":1,\"job\":");

        using CheckpointStorage reopened = CheckpointStorage.Open(CheckpointData.Options(dir.Path, logger: logger));

        Assert.Equal([1L], reopened.Checkpoints.Select(c => c.CheckpointId));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "chk-2")));
        Assert.False(Directory.Exists(torn));
        Assert.Equal(8, reopened.NextCheckpointId);
        Assert.Equal(2, logger.Entries.Count(e => e.Message.Contains("removed incomplete checkpoint folder", StringComparison.Ordinal)));
        Assert.Equal(1, reopened.OpenLatest(CheckpointData.Restore())!.Manifest.CheckpointId);
        Assert.Equal(0, reopened.CorruptCheckpointsSkipped);
    }

    [Fact]
    public void ManifestOfANewerFormat_IsRefusedWithTheFix()
    {
        using var dir = new TempDirectory();
        using (CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path)))
        {
            CheckpointData.WriteSimple(storage);
        }

        string manifest = Path.Combine(dir.Path, "chk-1", "manifest.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace($"\"formatVersion\": {CheckpointManifest.CurrentFormatVersion}", "\"formatVersion\": 9", StringComparison.Ordinal));

        var error = Assert.Throws<CheckpointException>(() => CheckpointReader.Open(Path.GetDirectoryName(manifest)!, CheckpointData.Restore()));

        Assert.IsNotType<CheckpointCorruptException>(error);
        Assert.Contains("written by a newer HyperFlow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ManifestOfFormat1_WithoutFasterCheckpoints_ReadsAsTheCurrentFormat()
    {
        using var dir = new TempDirectory();
        using (CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path)))
        {
            CheckpointData.WriteSimple(storage);
        }

        string manifest = Path.Combine(dir.Path, "chk-1", "manifest.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace($"\"formatVersion\": {CheckpointManifest.CurrentFormatVersion}", "\"formatVersion\": 1", StringComparison.Ordinal));

        Assert.Equal(1, CheckpointReader.Open(Path.GetDirectoryName(manifest)!, CheckpointData.Restore()).Manifest.FormatVersion);
    }

    [Fact]
    public void ManifestOfFormat1_WithAFasterCheckpoint_IsRefusedAsAnEarlierLayout()
    {
        using var dir = new TempDirectory();
        using (CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path)))
        using (CheckpointWriter writer = storage.BeginCheckpoint(1, "Faster"))
        {
            writer.AddFasterCheckpoint(CheckpointData.Context("op", 0, 1), CheckpointData.State(CheckpointData.FakeFaster(dir.Sub("faster"), CheckpointData.Content(1))));
            writer.Complete();
        }

        // Format 1 held one FASTER checkpoint per subtask: an object where format 2 has a list.
        string manifest = Path.Combine(dir.Path, "chk-1", "manifest.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifest))!;
        json["formatVersion"] = 1;
        System.Text.Json.Nodes.JsonNode subtask = json["operators"]![0]!["subtasks"]![0]!;
        subtask["faster"] = subtask["faster"]![0]!.DeepClone();
        File.WriteAllText(manifest, json.ToJsonString());

        var error = Assert.Throws<CheckpointException>(() => CheckpointReader.Open(Path.GetDirectoryName(manifest)!, CheckpointData.Restore("op")));

        Assert.IsNotType<CheckpointCorruptException>(error);
        Assert.Contains("written by an earlier HyperFlow", error.Message, StringComparison.Ordinal);
        Assert.Contains("savepoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ManifestPointingOutsideItsFolder_IsCorrupt()
    {
        using var dir = new TempDirectory();
        using CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path));
        CheckpointManifest written = CheckpointData.WriteSimple(storage);
        string manifest = Path.Combine(dir.Path, "chk-1", "manifest.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace(written.Operators[0].Subtasks[0].KeyedState!.Path, "../../etc/passwd", StringComparison.Ordinal));

        var error = Assert.Throws<CheckpointCorruptException>(() => CheckpointReader.Open(Path.GetDirectoryName(manifest)!, CheckpointData.Restore()));

        Assert.Contains("'../../etc/passwd' is not a file of this folder", error.Message, StringComparison.Ordinal);
    }

    private static void Apply(Damage damage, string folder, CheckpointManifest manifest)
    {
        string stateFile = Path.Combine(folder, manifest.Operators[1].Subtasks[1].KeyedState!.Path);
        string manifestFile = Path.Combine(folder, "manifest.json");
        switch (damage)
        {
            case Damage.FlipByteInStateFile:
                CheckpointData.FlipByte(stateFile);
                break;
            case Damage.TruncateStateFile:
                File.WriteAllBytes(stateFile, File.ReadAllBytes(stateFile)[..^10]);
                break;
            case Damage.DeleteStateFile:
                File.Delete(stateFile);
                break;
            case Damage.TruncateManifest:
                File.WriteAllBytes(manifestFile, File.ReadAllBytes(manifestFile)[..^40]);
                break;
            case Damage.GarbageManifest:
                File.WriteAllText(manifestFile, "not json");
                break;
            default:
                File.WriteAllText(manifestFile, File.ReadAllText(manifestFile).Replace("\"job\": \"job\",", string.Empty, StringComparison.Ordinal));
                break;
        }
    }
}
