using HyperFlow.Storage.Faster;
using HyperFlow.Storage.Keys;

namespace HyperFlow.Storage.Tests.Faster;

public class FasterTableTests
{
    [Fact]
    public void ForEach_GivesEachLiveKeyOnceWithItsStableHash()
    {
        using var dir = new TempDirectory();
        using var table = new FasterTable<long, long, long, AddUpdater>(FasterTables.Tiny(dir.Path));
        for (long key = 0; key < 3000; key++)
        {
            table.Rmw(key, key);
        }

        table.Delete(7);
        var visitor = new HashChecker();

        long visited = table.ForEach(ref visitor);

        Assert.Equal(2999, visited);
        Assert.Equal(2999, visitor.Count);
        Assert.Equal((2999L * 3000 / 2) - 7, visitor.Sum);
    }

    [Fact]
    public void ForEach_StopsWhenTheVisitorSaysSo()
    {
        using var dir = new TempDirectory();
        using var table = new FasterTable<long, long, long, AddUpdater>(FasterTables.Roomy(dir.Path));
        for (long key = 0; key < 100; key++)
        {
            table.Upsert(key, key);
        }

        var visitor = new StopAfter { Left = 10 };
        table.ForEach(ref visitor);

        Assert.Equal(0, visitor.Left);
    }

    [Fact]
    public void ForEach_VisitorException_ReachesTheCallerAndTheTableStaysUsable()
    {
        using var dir = new TempDirectory();
        using var table = new FasterTable<long, long, long, AddUpdater>(FasterTables.Roomy(dir.Path));
        table.Upsert(1, 1);
        var visitor = new Throwing();

        Assert.Throws<FormatException>(() => table.ForEach(ref visitor));

        table.Rmw(1, 1);
        Assert.True(table.TryRead(1, out long value));
        Assert.Equal(2, value);
    }

    [Fact]
    public void GuidAndStructKeys_RoundTrip()
    {
        using var dir = new TempDirectory();
        using (var guids = new FasterTable<Guid, long, long, AddUpdater>(FasterTables.Tiny(dir.Sub("guid"))))
        {
            Guid[] keys = [.. Enumerable.Range(0, 2000).Select(i => new Guid(i, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10))];
            foreach (Guid key in keys)
            {
                guids.Rmw(key, 2);
                guids.Rmw(key, 3);
            }

            Assert.All(keys, key => Assert.True(guids.TryRead(key, out long value) && value == 5));
        }

        using var pairs = new FasterTable<(int, int), long, long, AddUpdater>(FasterTables.Tiny(dir.Sub("pair")));
        for (int i = 0; i < 2000; i++)
        {
            pairs.Upsert((i, -i), i);
        }

        Assert.True(pairs.TryRead((1999, -1999), out long last));
        Assert.Equal(1999, last);
        Assert.False(pairs.TryRead((1999, 1999), out _));
    }

    [Fact]
    public void BatchMisuse_ThrowsWithTheRule()
    {
        using var dir = new TempDirectory();
        using var table = new FasterTable<long, long, long, AddUpdater>(FasterTables.Roomy(dir.Path));

        Assert.Throws<InvalidOperationException>(table.EndBatch);
        table.BeginBatch();
        Assert.Contains("do not nest", Assert.Throws<InvalidOperationException>(table.BeginBatch).Message, StringComparison.Ordinal);

        Exception? fromOtherThread = null;
        var other = new Thread(() => fromOtherThread = Record.Exception(table.EndBatch));
        other.Start();
        other.Join();

        Assert.IsType<InvalidOperationException>(fromOtherThread);
        Assert.Contains("one thread", fromOtherThread.Message, StringComparison.Ordinal);
        Assert.True(table.InBatch);
        table.EndBatch();
        Assert.False(table.InBatch);
    }

    [Fact]
    public void Dispose_WithDeleteFilesOnDispose_RemovesLogAndCheckpoints()
    {
        using var dir = new TempDirectory();
        string directory = dir.Sub("table");
        var options = new FasterStoreOptions
        {
            Directory = directory,
            PageSizeBytes = 4096,
            MemoryBudgetBytes = 16 * 1024,
            IndexBuckets = 1024,
            DeleteFilesOnDispose = true,
        };
        using (var table = new FasterTable<long, long, long, AddUpdater>(options))
        {
            for (long key = 0; key < 3000; key++)
            {
                table.Rmw(key, 1);
            }

            table.TakeCheckpoint(preferIncremental: false);
            Assert.NotEmpty(Directory.GetFiles(directory, "*", SearchOption.AllDirectories));
        }

        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void OperationsAfterDispose_ThrowObjectDisposed()
    {
        using var dir = new TempDirectory();
        var table = new FasterTable<long, long, long, AddUpdater>(FasterTables.Roomy(dir.Path));
        table.Upsert(1, 1);
        table.Dispose();
        table.Dispose();

        Assert.Throws<ObjectDisposedException>(() => table.Rmw(1, 1));
        Assert.Throws<ObjectDisposedException>(() => table.TryRead(1, out _));
        Assert.Throws<ObjectDisposedException>(() => table.Delete(1));
        Assert.Throws<ObjectDisposedException>(table.BeginBatch);
        Assert.Throws<ObjectDisposedException>(() => table.TakeCheckpoint(preferIncremental: false));
    }

    private struct HashChecker : IFasterRecordVisitor<long, long>
    {
        public long Count;
        public long Sum;

        public bool Visit(ulong hash, in long key, in long value)
        {
            Assert.Equal(KeyHash.Of(key), hash);
            Assert.Equal(key, value);
            Count++;
            Sum += value;
            return true;
        }
    }

    private struct Throwing : IFasterRecordVisitor<long, long>
    {
        public readonly bool Visit(ulong hash, in long key, in long value) => throw new FormatException("visitor failed");
    }

    private struct StopAfter : IFasterRecordVisitor<long, long>
    {
        public int Left;

        public bool Visit(ulong hash, in long key, in long value) => --Left > 0;
    }
}
