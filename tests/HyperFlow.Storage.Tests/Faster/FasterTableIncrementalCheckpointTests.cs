using HyperFlow.Storage.Faster;

namespace HyperFlow.Storage.Tests.Faster;

// FASTER 2.6.5 writes an incremental snapshot's delta only from the log's flushed address on, while a
// restore reads everything from the last full snapshot's flushed address on from that snapshot's file.
// Records updated in place after the full snapshot and then flushed in between are in neither, so a
// restore brings back their values as of the full snapshot. The table must write a full snapshot then.
public class FasterTableIncrementalCheckpointTests
{
    // Tiny: 4 pages of 4 KiB in memory, the newest 3 mutable. 400 records fill pages 0 to 2.
    private const long SnapshotKeys = 400;

    [Fact]
    public void IncrementalAsked_AfterInPlaceUpdatesWereFlushed_RestoresTheUpdatedValues()
    {
        using var dir = new TempDirectory();
        var model = new SortedDictionary<long, long>();
        FasterCheckpoint checkpoint;
        using (var table = new FasterTable<long, long, long, AddUpdater>(FasterTables.Tiny(dir.Sub("live"))))
        {
            Write(table, model, 0, SnapshotKeys, key => 1);
            FasterCheckpoint full = table.TakeCheckpoint(preferIncremental: false);

            // Every snapshotted record is still mutable: updated in place, marked dirty.
            Write(table, model, 0, SnapshotKeys, key => (key * 10) + 7);

            // 300 new records take the tail into page 4: page 0, with 168 of the updated records, becomes
            // read-only and is flushed to the log (and evicted), while the log is still flushed only to
            // below the end of the full snapshot, so FASTER would write a delta.
            Write(table, model, 1000, 1300, key => key);

            checkpoint = table.TakeCheckpoint(preferIncremental: true);

            Assert.Equal(FasterCheckpointKind.Full, checkpoint.Kind);
            Assert.NotEqual(full.LogToken, checkpoint.LogToken);
            Assert.Equal(full.IndexToken, checkpoint.IndexToken);
            FasterTables.CopyCheckpoint(checkpoint, dir.Sub("copy"));
        }

        using var restored = FasterTable<long, long, long, AddUpdater>.Recover(FasterTables.Tiny(dir.Sub("copy")), checkpoint);
        Assert.Equal(model, FasterTables.Contents(restored));
        Assert.Equal(model.Count, restored.Count);
    }

    [Fact]
    public void IncrementalAsked_AfterInPlaceUpdatesWithoutAFlush_IsIncrementalAndRestoresThem()
    {
        using var dir = new TempDirectory();
        var model = new SortedDictionary<long, long>();
        var taken = new List<(FasterCheckpoint Checkpoint, SortedDictionary<long, long> State)>();
        using (var table = new FasterTable<long, long, long, AddUpdater>(FasterTables.Tiny(dir.Sub("live"))))
        {
            Write(table, model, 0, SnapshotKeys, key => 1);
            FasterCheckpoint full = table.TakeCheckpoint(preferIncremental: false);

            // Two deltas over the same snapshot, each of in-place updates and a few new records.
            for (int round = 0; round < 2; round++)
            {
                Write(table, model, 0, SnapshotKeys, key => key + round);
                Write(table, model, 1000 + (10 * round), 1010 + (10 * round), key => key);
                FasterCheckpoint checkpoint = table.TakeCheckpoint(preferIncremental: true);

                Assert.Equal(FasterCheckpointKind.Incremental, checkpoint.Kind);
                Assert.Equal(full.LogToken, checkpoint.LogToken);
                FasterTables.CopyCheckpoint(checkpoint, dir.Sub($"copy-{round}"));
                taken.Add((checkpoint, new SortedDictionary<long, long>(model)));
            }
        }

        for (int round = 0; round < taken.Count; round++)
        {
            using var restored = FasterTable<long, long, long, AddUpdater>.Recover(FasterTables.Tiny(dir.Sub($"copy-{round}")), taken[round].Checkpoint);
            Assert.Equal(taken[round].State, FasterTables.Contents(restored));
        }
    }

    private static void Write(FasterTable<long, long, long, AddUpdater> table, SortedDictionary<long, long> model, long from, long to, Func<long, long> add)
    {
        table.BeginBatch();
        try
        {
            for (long key = from; key < to; key++)
            {
                long input = add(key);
                table.Rmw(key, input);
                model[key] = model.GetValueOrDefault(key) + input;
            }
        }
        finally
        {
            table.EndBatch();
        }
    }
}
