using HyperFlow.Storage.Checkpointing;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.Tests.Faster;

namespace HyperFlow.Storage.Tests.Checkpointing;

/// <summary>Real FASTER checkpoints packaged into checkpoints: restorable once the store's own directory is gone.</summary>
public class FasterPackagingTests
{
    [Fact]
    public void FullThenIncremental_RestoreFromTheCheckpointDirectoryAlone_AndShareUnchangedFiles()
    {
        using var dir = new TempDirectory();
        using CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Sub("checkpoints")));
        var expected = new List<SortedDictionary<long, long>>();
        using (var table = new FasterTable<long, long, long, AddUpdater>(FasterTables.Roomy(dir.Sub("live"))))
        {
            for (long k = 0; k < 5000; k++)
            {
                table.Rmw(k, k);
            }

            Package(storage, table.TakeCheckpoint(preferIncremental: false));
            expected.Add(FasterTables.Contents(table));
            for (long k = 0; k < 20; k++)
            {
                table.Rmw(k, 1000);
            }

            FasterCheckpoint incremental = table.TakeCheckpoint(preferIncremental: true);
            Assert.Equal(FasterCheckpointKind.Incremental, incremental.Kind);
            Package(storage, incremental);
            expected.Add(FasterTables.Contents(table));
        }

        Directory.Delete(dir.Sub("live"), recursive: true);

        CheckpointManifest second = storage.Checkpoints[1];
        Assert.Contains(second.Files(), f => f.File.Path.StartsWith("../chk-1/", StringComparison.Ordinal));
        Assert.Contains(second.Files(), f => !f.File.Path.StartsWith("../", StringComparison.Ordinal));
        for (int i = 0; i < 2; i++)
        {
            CheckpointReader reader = CheckpointReader.Open(Path.Combine(storage.Directory, $"chk-{i + 1}"), CheckpointData.Restore("table"));
            string target = dir.Sub($"restored-{i}");
            FasterCheckpoint restored = reader.RestoreFasterCheckpoint("table", 0, CheckpointData.FasterState, target);
            using var table = FasterTable<long, long, long, AddUpdater>.Recover(FasterTables.Roomy(target), restored);
            Assert.Equal(expected[i], FasterTables.Contents(table));
        }
    }

    private static void Package(CheckpointStorage storage, FasterCheckpoint checkpoint)
    {
        using CheckpointWriter writer = storage.BeginCheckpoint(storage.NextCheckpointId, "Faster");
        writer.AddFasterCheckpoint(CheckpointData.Context("table", 0, 1), CheckpointData.State(checkpoint));
        writer.Complete();
    }
}
