using HyperFlow.Storage.Checkpointing;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;
using HyperFlow.Storage.Tests.Faster;
using Microsoft.Extensions.Logging;

namespace HyperFlow.Storage.Tests.Checkpointing;

public class SavepointTests
{
    private const int Keys = 2000;

    [Fact]
    public void Savepoint_RestoresIntoFasterAtAnotherParallelism_EveryKeyExactlyOnce()
    {
        using var dir = new TempDirectory();
        string folder = WriteSavepoint(dir.Sub("sp"), "a", "b");

        CheckpointReader reader = CheckpointReader.Open(folder, CheckpointData.Restore("a", "b"));

        Assert.Equal(CheckpointKind.Savepoint, reader.Manifest.Kind);
        var seen = new HashSet<long>();
        for (int subtask = 0; subtask < 3; subtask++)
        {
            var backend = new FasterStateBackend(FasterTables.Roomy(dir.Sub("faster-" + subtask)));
            using KeyedStateStore<long> store = backend.CreateKeyedStore<long>(CheckpointData.Context("a", subtask, 3));
            Assert.True(reader.RestoreKeyedState(store));
            ValueState<long> value = store.GetValueState(CheckpointData.Value);
            for (long key = 0; key < Keys; key++)
            {
                store.SetCurrentKey(key, KeyHash.Of(key));
                if (value.TryGet(out long v))
                {
                    Assert.True(store.Context.Owns(KeyGroups.Of(KeyHash.Of(key), CheckpointData.MaxParallelism)));
                    Assert.Equal(key + 1, v);
                    Assert.True(seen.Add(key), $"key {key} restored twice");
                }
            }
        }

        Assert.Equal(Keys, seen.Count);
    }

    [Fact]
    public void Savepoint_WithStateOfAnUnknownOperator_IsRefused_NamingTheUidAndHowToAllowIt()
    {
        using var dir = new TempDirectory();
        string folder = WriteSavepoint(dir.Sub("sp"), "a", "removed");

        var error = Assert.Throws<CheckpointException>(() => CheckpointReader.Open(folder, CheckpointData.Restore("a", "added")));

        Assert.IsNotType<CheckpointCorruptException>(error);
        Assert.Contains("holds state of operator 'removed', which the job does not have", error.Message, StringComparison.Ordinal);
        Assert.Contains("AllowUnknownOperators = true", error.Message, StringComparison.Ordinal);
        Assert.Contains(folder, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Savepoint_WithStateOfAnUnknownOperator_IsRestored_WhenAllowed_DroppingThatStateWithAWarning()
    {
        using var dir = new TempDirectory();
        string folder = WriteSavepoint(dir.Sub("sp"), "a", "removed");
        var logger = new ListLogger();

        CheckpointReader reader = CheckpointReader.Open(folder, new CheckpointRestoreOptions(["a"]) { AllowUnknownOperators = true, Logger = logger });

        Assert.Equal(Keys, CheckpointData.RestoreOperator(reader, "a", 1, Keys).Count);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("operator 'removed'", StringComparison.Ordinal));
    }

    [Fact]
    public void LatestCheckpoint_WithAnUnknownOperator_IsRefusedRatherThanSkipped()
    {
        using var dir = new TempDirectory();
        using CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path));
        CheckpointData.WriteSimple(storage);

        Assert.Throws<CheckpointException>(() => storage.OpenLatest(CheckpointData.Restore("a", "source")));

        Assert.Equal(0, storage.CorruptCheckpointsSkipped);
        Assert.Equal(1, storage.OpenLatest(new CheckpointRestoreOptions(["a", "source"]) { AllowUnknownOperators = true })!.Manifest.CheckpointId);
    }

    [Fact]
    public void Savepoint_IsSelfContained_AndRefusesNativeFasterCheckpoints()
    {
        using var dir = new TempDirectory();
        using CheckpointWriter writer = CheckpointWriter.BeginSavepoint(dir.Sub("sp"), CheckpointData.Job, 4, "Faster");
        FasterCheckpoint native = CheckpointData.FakeFaster(dir.Sub("faster"), CheckpointData.Content(1));

        var error = Assert.Throws<CheckpointException>(() => writer.AddFasterCheckpoint(CheckpointData.Context("a", 0, 1), CheckpointData.State(native)));

        Assert.Contains("WriteKeyedState", error.Message, StringComparison.Ordinal);
        CheckpointData.WriteOperator(writer, "a", 1, 10, static k => k);
        CheckpointManifest manifest = writer.Complete();
        Assert.All(manifest.Files(), f => Assert.DoesNotContain("/", f.File.Path, StringComparison.Ordinal));
    }

    [Fact]
    public void SavepointFolder_ThatIsNotEmpty_IsRefused()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Sub("keep.txt"), "user data");

        var error = Assert.Throws<CheckpointException>(() => CheckpointWriter.BeginSavepoint(dir.Path, CheckpointData.Job, 1, "InMemory"));

        Assert.Contains("the folder is not empty", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.Sub("keep.txt")));
    }

    [Fact]
    public void SavepointManifest_ReferringToAnotherFolder_IsCorrupt()
    {
        using var dir = new TempDirectory();
        string folder = WriteSavepoint(dir.Sub("sp"), "a");
        string manifest = Path.Combine(folder, "manifest.json");
        string name = CheckpointReader.Open(folder, CheckpointData.Restore("a")).Manifest.Operators[0].Subtasks[0].KeyedState!.Path;
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace($"\"{name}\"", $"\"../chk-1/{name}\"", StringComparison.Ordinal));

        var error = Assert.Throws<CheckpointCorruptException>(() => CheckpointReader.Open(folder, CheckpointData.Restore("a")));

        Assert.Contains("a savepoint must be self-contained", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AbandonedSavepoint_LeavesNoFolder()
    {
        using var dir = new TempDirectory();
        using (CheckpointWriter writer = CheckpointWriter.BeginSavepoint(dir.Sub("sp"), CheckpointData.Job, 1, "InMemory"))
        {
            CheckpointData.WriteOperator(writer, "a", 2, 10, static k => k);
        }

        Assert.False(Directory.Exists(dir.Sub("sp")));
    }

    private static string WriteSavepoint(string folder, params string[] uids)
    {
        using CheckpointWriter writer = CheckpointWriter.BeginSavepoint(folder, CheckpointData.Job, 9, "InMemory");
        foreach (string uid in uids)
        {
            CheckpointData.WriteOperator(writer, uid, 2, Keys, static k => k + 1);
        }

        writer.Complete();
        return folder;
    }
}
