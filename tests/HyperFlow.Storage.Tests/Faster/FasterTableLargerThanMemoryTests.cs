using HyperFlow.Storage.Faster;

namespace HyperFlow.Storage.Tests.Faster;

public class FasterTableLargerThanMemoryTests
{
    [Fact]
    public void StateEightTimesTheMemoryBudget_ReadsBackEveryValue()
    {
        using var dir = new TempDirectory();
        var options = new FasterStoreOptions
        {
            Directory = dir.Path,
            PageSizeBytes = 4096,
            MemoryBudgetBytes = 64 * 1024,
            SegmentSizeBytes = 256 * 1024,
            IndexBuckets = 1 << 12,
        };
        const long keys = 8 * 64 * 1024 / FasterTables.RecordBytes;
        using var table = new FasterTable<long, long, long, HornerUpdater>(options);

        // Three passes in one long batch each: the second and third update records that are on disk.
        for (int pass = 0; pass < 3; pass++)
        {
            table.BeginBatch();
            for (long key = 0; key < keys; key++)
            {
                table.Rmw(key, key + pass);
            }

            table.EndBatch();
        }

        FasterTableStatistics stats = table.Statistics;
        Assert.True(stats.LogSizeBytes >= 4 * options.MemoryBudgetBytes, $"log {stats.LogSizeBytes} bytes");
        Assert.True(stats.InMemoryLogBytes <= options.MemoryBudgetBytes, $"in memory {stats.InMemoryLogBytes} bytes");
        Assert.True(stats.PendingTotal > keys, $"{stats.PendingTotal} operations went pending");
        Assert.NotEmpty(Directory.GetFiles(dir.Path, "hlog.log.*"));
        Assert.Equal(keys, table.Count);

        table.BeginBatch();
        for (long key = 0; key < keys; key++)
        {
            Assert.True(table.TryRead(key, out long value), $"key {key} missing");
            Assert.Equal(HornerUpdater.Fold(HornerUpdater.Fold(key, key + 1), key + 2), value);
        }

        table.EndBatch();
        Assert.Equal(keys, FasterTables.Contents(table).Count);
    }
}
