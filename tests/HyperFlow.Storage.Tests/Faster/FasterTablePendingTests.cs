using HyperFlow.Storage.Faster;

namespace HyperFlow.Storage.Tests.Faster;

public class FasterTablePendingTests
{
    private const int Keys = 5000;

    // FASTER completes pending operations in disk-completion order, not call order: two operations on
    // a key whose record is on disk can apply in either order. The table must keep call order.
    [Theory]
    [InlineData("rmw, rmw")]
    [InlineData("rmw, upsert")]
    [InlineData("upsert, rmw")]
    [InlineData("rmw, read")]
    [InlineData("rmw, delete")]
    public void TwoOperationsOnAColdKey_ApplyInCallOrder(string pair)
    {
        using var dir = new TempDirectory();
        using var table = new FasterTable<long, long, long, HornerUpdater>(FasterTables.Tiny(dir.Path));
        Prefill(table);
        long pendingBefore = table.Statistics.PendingTotal;

        // Keys 0..999 were written first, so their records are on disk (the log holds ~680 in memory).
        table.BeginBatch();
        for (long key = 0; key < 1000; key++)
        {
            switch (pair)
            {
                case "rmw, rmw":
                    table.Rmw(key, 1);
                    table.Rmw(key, 2);
                    break;
                case "rmw, upsert":
                    table.Rmw(key, 1);
                    table.Upsert(key, -key);
                    break;
                case "upsert, rmw":
                    table.Upsert(key, -key);
                    table.Rmw(key, 1);
                    break;
                case "rmw, read":
                    table.Rmw(key, 1);
                    Assert.True(table.TryRead(key, out long read));
                    Assert.Equal(HornerUpdater.Fold(key, 1), read);
                    break;
                default:
                    table.Rmw(key, 1);
                    Assert.True(table.Delete(key));
                    break;
            }
        }

        table.EndBatch();
        Assert.True(table.Statistics.PendingTotal > pendingBefore, "no operation went pending");
        for (long key = 0; key < 1000; key++)
        {
            long? expected = pair switch
            {
                "rmw, rmw" => HornerUpdater.Fold(HornerUpdater.Fold(key, 1), 2),
                "rmw, upsert" => -key,
                "upsert, rmw" => HornerUpdater.Fold(-key, 1),
                "rmw, read" => HornerUpdater.Fold(key, 1),
                _ => null,
            };
            Assert.Equal(expected.HasValue, table.TryRead(key, out long actual));
            Assert.Equal(expected ?? 0, actual);
        }

        Assert.Equal(pair == "rmw, delete" ? Keys - 1000 : Keys, table.Count);
    }

    [Fact]
    public void KeyUpdatedManyTimesWhileOnDisk_FoldsEveryUpdateInOrder()
    {
        using var dir = new TempDirectory();
        using var table = new FasterTable<long, long, long, HornerUpdater>(FasterTables.Tiny(dir.Path, maxPending: 64));
        Prefill(table);
        long expected = 0;

        // Each round pushes key 0 back to disk (1,000 other cold keys are copied to the tail in between),
        // then updates it; the other keys' writes stay pending alongside.
        for (int round = 1; round <= 20; round++)
        {
            table.BeginBatch();
            for (long key = 1; key <= 1000; key++)
            {
                table.Rmw(1000 + ((key * round) % 4000), 1);
            }

            for (int i = 0; i < 50; i++)
            {
                table.Rmw(0, round * 100 + i);
                expected = HornerUpdater.Fold(expected, round * 100 + i);
            }

            table.EndBatch();
        }

        Assert.True(table.TryRead(0, out long actual));
        Assert.Equal(expected, actual);
        Assert.True(table.Statistics.PendingTotal > 20, $"only {table.Statistics.PendingTotal} operations went pending");
        Assert.Equal(0, table.PendingOperations);
    }

    [Fact]
    public void SingleOperationsOutsideABatch_CompleteAndCount()
    {
        using var dir = new TempDirectory();
        using var table = new FasterTable<long, long, long, AddUpdater>(FasterTables.Tiny(dir.Path));
        for (long key = 0; key < 3000; key++)
        {
            table.Rmw(key, 1);
        }

        for (long key = 0; key < 3000; key++)
        {
            table.Rmw(key, 2);
        }

        Assert.True(table.Delete(0));
        Assert.False(table.Delete(0));
        Assert.False(table.TryRead(0, out _));
        for (long key = 1; key < 3000; key++)
        {
            Assert.True(table.TryRead(key, out long value));
            Assert.Equal(3, value);
        }

        FasterTableStatistics stats = table.Statistics;
        Assert.Equal(2999, table.Count);
        Assert.Equal(2999, stats.Entries);
        Assert.Equal(6002, stats.Writes);
        Assert.Equal(3000, stats.Reads);
        Assert.True(stats.PendingTotal > 0);
        Assert.Equal(0, stats.PendingOperations);
    }

    private static void Prefill(FasterTable<long, long, long, HornerUpdater> table)
    {
        table.BeginBatch();
        for (long key = 0; key < Keys; key++)
        {
            table.Upsert(key, key);
        }

        table.EndBatch();
    }
}
