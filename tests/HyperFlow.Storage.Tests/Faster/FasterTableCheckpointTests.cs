using HyperFlow.Storage.Faster;

namespace HyperFlow.Storage.Tests.Faster;

public class FasterTableCheckpointTests
{
    [Fact]
    public void FirstCheckpoint_IsFullEvenWhenIncrementalIsAsked()
    {
        using var dir = new TempDirectory();
        using var table = new FasterTable<long, long, long, AddUpdater>(FasterTables.Roomy(dir.Path));
        Fill(table, 0, 1000, 1);

        FasterCheckpoint checkpoint = table.TakeCheckpoint(preferIncremental: true);

        Assert.Equal(FasterCheckpointKind.Full, checkpoint.Kind);
        Assert.Equal(checkpoint.IndexToken, checkpoint.LogToken);
        Assert.Equal(1000, checkpoint.Entries);
        Assert.True(checkpoint.WrittenBytes > 1000 * FasterTables.RecordBytes);
        Assert.Contains(checkpoint.Files, f => f.RelativePath.StartsWith("index-checkpoints", StringComparison.Ordinal));
        Assert.Contains(checkpoint.Files, f => f.RelativePath.StartsWith("cpr-checkpoints", StringComparison.Ordinal));
        Assert.All(checkpoint.Files, f => Assert.True(Path.IsPathFullyQualified(f.Path) && File.Exists(f.Path) && f.Length <= new FileInfo(f.Path).Length));
    }

    [Fact]
    public void SmallChangeAfterAFullCheckpoint_IsIncrementalAndMuchSmaller()
    {
        using var dir = new TempDirectory();
        using var table = new FasterTable<long, long, long, AddUpdater>(FasterTables.Roomy(dir.Path));
        Fill(table, 0, 20_000, 1);
        FasterCheckpoint full = table.TakeCheckpoint(preferIncremental: false);
        Fill(table, 0, 10, 5);

        FasterCheckpoint incremental = table.TakeCheckpoint(preferIncremental: true);

        Assert.Equal(FasterCheckpointKind.Full, full.Kind);
        Assert.Equal(FasterCheckpointKind.Incremental, incremental.Kind);
        Assert.Equal(full.LogToken, incremental.LogToken);
        Assert.Equal(full.IndexToken, incremental.IndexToken);
        Assert.True(incremental.Version > full.Version);
        Assert.True(
            incremental.WrittenBytes * 20 < full.WrittenBytes,
            $"incremental wrote {incremental.WrittenBytes} bytes, full {full.WrittenBytes}");
        Assert.Contains(incremental.Files, f => f.RelativePath.Contains("delta", StringComparison.Ordinal));
    }

    [Fact]
    public void IncrementalWithoutChanges_IsIncrementalAndRestores()
    {
        using var dir = new TempDirectory();
        using var table = new FasterTable<long, long, long, AddUpdater>(FasterTables.Roomy(dir.Sub("live")));
        Fill(table, 0, 100, 1);
        FasterCheckpoint full = table.TakeCheckpoint(preferIncremental: false);

        FasterCheckpoint unchanged = table.TakeCheckpoint(preferIncremental: true);

        Assert.Equal(FasterCheckpointKind.Incremental, unchanged.Kind);
        Assert.Equal(full.Version + 1, unchanged.Version);
        FasterTables.CopyCheckpoint(unchanged, dir.Sub("copy"));
        using var restored = FasterTable<long, long, long, AddUpdater>.Recover(FasterTables.Roomy(dir.Sub("copy")), unchanged);
        Assert.Equal(FasterTables.Contents(table), FasterTables.Contents(restored));
    }

    [Fact]
    public void IncrementalAskedAfterTheLogWasFlushedPastTheSnapshot_IsReportedFull()
    {
        using var dir = new TempDirectory();
        using var table = new FasterTable<long, long, long, AddUpdater>(FasterTables.Tiny(dir.Path));
        Fill(table, 0, 100, 1);
        FasterCheckpoint first = table.TakeCheckpoint(preferIncremental: false);

        // Many times the memory budget appended: FASTER can no longer write a delta over the snapshot.
        Fill(table, 100, 5000, 1);
        FasterCheckpoint second = table.TakeCheckpoint(preferIncremental: true);

        Assert.Equal(FasterCheckpointKind.Full, second.Kind);
        Assert.NotEqual(first.LogToken, second.LogToken);
        Assert.Equal(first.IndexToken, second.IndexToken);

        // The new full snapshot is the base of the next delta.
        Fill(table, 0, 3, 1);
        FasterCheckpoint third = table.TakeCheckpoint(preferIncremental: true);
        Assert.Equal(FasterCheckpointKind.Incremental, third.Kind);
        Assert.Equal(second.LogToken, third.LogToken);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RestoreFromACopyOfOnlyTheListedFiles_ReadsBackTheCheckpointedState(bool incremental)
    {
        using var dir = new TempDirectory();
        FasterStoreOptions options = FasterTables.Tiny(dir.Sub("original"));
        SortedDictionary<long, long> expected;
        FasterCheckpoint checkpoint;
        using (var table = new FasterTable<long, long, long, AddUpdater>(options))
        {
            // Four times the memory budget: the checkpoint needs log segments as well as its snapshot.
            Fill(table, 0, 3000, 1);
            checkpoint = table.TakeCheckpoint(preferIncremental: false);
            if (incremental)
            {
                // Cold keys (copied to the tail) and hot keys (updated in place), updated and deleted.
                Fill(table, 0, 20, 10);
                Fill(table, 2980, 2990, 10);
                table.Upsert(2990, -1);
                Assert.True(table.Delete(2999));
                Assert.True(table.Delete(25));
                checkpoint = table.TakeCheckpoint(preferIncremental: true);
            }

            Assert.Equal(incremental ? FasterCheckpointKind.Incremental : FasterCheckpointKind.Full, checkpoint.Kind);
            Assert.Contains(checkpoint.Files, f => f.RelativePath.StartsWith("hlog.log.", StringComparison.Ordinal));
            expected = FasterTables.Contents(table);
            FasterTables.CopyCheckpoint(checkpoint, dir.Sub("copy"));

            // Changes after the checkpoint (including a later delta) must not leak into the copy.
            Fill(table, 0, 3000, 100);
            table.TakeCheckpoint(preferIncremental: true);
        }

        using var restored = FasterTable<long, long, long, AddUpdater>.Recover(FasterTables.Tiny(dir.Sub("copy")), checkpoint);

        Assert.Equal(expected, FasterTables.Contents(restored));
        Assert.Equal(expected.Count, restored.Count);
        Assert.Equal(checkpoint.Entries, restored.Count);
        Assert.True(restored.TryRead(5, out long five));
        Assert.Equal(expected[5], five);
    }

    [Fact]
    public void RestoredTable_KeepsWorkingAndCheckpointsAgain()
    {
        using var dir = new TempDirectory();
        FasterStoreOptions options = FasterTables.Tiny(dir.Path);
        FasterCheckpoint checkpoint;
        using (var table = new FasterTable<long, long, long, AddUpdater>(options))
        {
            Fill(table, 0, 3000, 1);
            checkpoint = table.TakeCheckpoint(preferIncremental: false);
        }

        FasterCheckpoint second;
        using (var restored = FasterTable<long, long, long, AddUpdater>.Recover(options, checkpoint))
        {
            Fill(restored, 1000, 6000, 2);
            Assert.Equal(6000, restored.Count);

            // FASTER has no snapshot of its own yet after a restore: the first checkpoint is full.
            second = restored.TakeCheckpoint(preferIncremental: true);
            Assert.Equal(FasterCheckpointKind.Full, second.Kind);
        }

        using var again = FasterTable<long, long, long, AddUpdater>.Recover(options, second);
        Assert.Equal(6000, again.Count);
        for (long key = 0; key < 6000; key++)
        {
            Assert.True(again.TryRead(key, out long value));
            Assert.Equal(key < 1000 ? 1 : key < 3000 ? 3 : 2, value);
        }
    }

    [Fact]
    public void RestoreInPlaceAfterALaterIncremental_ThrowsNamingTheVersions()
    {
        using var dir = new TempDirectory();
        FasterStoreOptions options = FasterTables.Roomy(dir.Path);
        FasterCheckpoint full;
        using (var table = new FasterTable<long, long, long, AddUpdater>(options))
        {
            Fill(table, 0, 100, 1);
            full = table.TakeCheckpoint(preferIncremental: false);
            Fill(table, 0, 1, 1);
            table.TakeCheckpoint(preferIncremental: true);
        }

        var error = Assert.Throws<InvalidOperationException>(() => FasterTable<long, long, long, AddUpdater>.Recover(options, full));
        Assert.Contains($"version {full.Version}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RestoreFromADirectoryWithoutTheCheckpoint_ThrowsSayingWhatToCopy()
    {
        using var dir = new TempDirectory();
        FasterCheckpoint checkpoint;
        using (var table = new FasterTable<long, long, long, AddUpdater>(FasterTables.Roomy(dir.Sub("original"))))
        {
            table.Upsert(1, 1);
            checkpoint = table.TakeCheckpoint(preferIncremental: false);
        }

        var error = Assert.Throws<ArgumentException>(() => FasterTable<long, long, long, AddUpdater>.Recover(FasterTables.Roomy(dir.Sub("empty")), checkpoint));

        Assert.Contains(checkpoint.IndexToken.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("FasterCheckpoint.Files", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TakeCheckpoint_InsideABatch_Throws()
    {
        using var dir = new TempDirectory();
        using var table = new FasterTable<long, long, long, AddUpdater>(FasterTables.Roomy(dir.Path));
        table.BeginBatch();
        var error = Assert.Throws<InvalidOperationException>(() => table.TakeCheckpoint(preferIncremental: false));
        Assert.Contains("EndBatch", error.Message, StringComparison.Ordinal);
        table.EndBatch();
        Assert.Equal(FasterCheckpointKind.Full, table.TakeCheckpoint(preferIncremental: false).Kind);
    }

    private static void Fill(FasterTable<long, long, long, AddUpdater> table, long from, long to, long add)
    {
        table.BeginBatch();
        try
        {
            for (long key = from; key < to; key++)
            {
                table.Rmw(key, add);
            }
        }
        finally
        {
            table.EndBatch();
        }
    }
}
