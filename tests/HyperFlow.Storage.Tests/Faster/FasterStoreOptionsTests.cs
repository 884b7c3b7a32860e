using HyperFlow.Storage.Faster;

namespace HyperFlow.Storage.Tests.Faster;

public class FasterStoreOptionsTests
{
    public static TheoryData<string, Func<string, FasterStoreOptions>> InvalidOptions => new()
    {
        { nameof(FasterStoreOptions.Directory), _ => new FasterStoreOptions { Directory = " " } },
        { nameof(FasterStoreOptions.PageSizeBytes), d => new FasterStoreOptions { Directory = d, PageSizeBytes = 1000 } },
        { nameof(FasterStoreOptions.PageSizeBytes), d => new FasterStoreOptions { Directory = d, PageSizeBytes = 2048 } },
        { nameof(FasterStoreOptions.MemoryBudgetBytes), d => new FasterStoreOptions { Directory = d, PageSizeBytes = 1 << 20, MemoryBudgetBytes = 3 << 20 } },
        { nameof(FasterStoreOptions.SegmentSizeBytes), d => new FasterStoreOptions { Directory = d, SegmentSizeBytes = 1 << 10 } },
        { nameof(FasterStoreOptions.SegmentSizeBytes), d => new FasterStoreOptions { Directory = d, SegmentSizeBytes = 3L << 30 } },
        { nameof(FasterStoreOptions.IndexBuckets), d => new FasterStoreOptions { Directory = d, IndexBuckets = 1000 } },
        { nameof(FasterStoreOptions.IndexBuckets), d => new FasterStoreOptions { Directory = d, IndexBuckets = 32 } },
        { nameof(FasterStoreOptions.MutableFraction), d => new FasterStoreOptions { Directory = d, MutableFraction = 1 } },
        { nameof(FasterStoreOptions.MutableFraction), d => new FasterStoreOptions { Directory = d, MutableFraction = double.NaN } },
        { nameof(FasterStoreOptions.MaxPendingOperations), d => new FasterStoreOptions { Directory = d, MaxPendingOperations = 0 } },
        { nameof(FasterStoreOptions.EpochRefreshInterval), d => new FasterStoreOptions { Directory = d, EpochRefreshInterval = -1 } },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void InvalidOption_ThrowsArgumentExceptionNamingItAndTheFix(string option, Func<string, FasterStoreOptions> create)
    {
        using var dir = new TempDirectory();

        var error = Assert.Throws<ArgumentException>(() => new FasterTable<long, long, long, AddUpdater>(create(dir.Path)));

        Assert.Equal(option, error.ParamName);
        Assert.Contains($"FasterStoreOptions.{option} ", error.Message, StringComparison.Ordinal);
        Assert.Matches("must|Set it", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Defaults_AreValid()
    {
        var options = new FasterStoreOptions { Directory = "state" };
        options.Validate();
        Assert.Equal(FasterStoreOptions.DefaultMemoryBudgetBytes, options.MemoryBudgetBytes);
        Assert.False(options.DeleteFilesOnDispose);
    }

    [Fact]
    public void DirectoryWithALog_IsRejectedForANewTable()
    {
        using var dir = new TempDirectory();
        using (var table = new FasterTable<long, long, long, AddUpdater>(FasterTables.Tiny(dir.Path)))
        {
            for (long key = 0; key < 2000; key++)
            {
                table.Upsert(key, key);
            }
        }

        var error = Assert.Throws<ArgumentException>(() => new FasterTable<long, long, long, AddUpdater>(FasterTables.Tiny(dir.Path)));

        Assert.Contains("already holds a FASTER log", error.Message, StringComparison.Ordinal);
        Assert.Contains("Recover", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PageTooSmallForARecord_IsRejected()
    {
        using var dir = new TempDirectory();
        var options = new FasterStoreOptions { Directory = dir.Path, PageSizeBytes = 4096, MemoryBudgetBytes = 1 << 16 };

        var error = Assert.Throws<ArgumentException>(() => new FasterTable<long, Block4K, long, BlockUpdater>(options));

        Assert.Contains("PageSizeBytes", error.Message, StringComparison.Ordinal);
    }

    [System.Runtime.CompilerServices.InlineArray(512)]
    private struct Block4K
    {
        private long _element;
    }

    private struct BlockUpdater : HyperFlow.Storage.State.IValueUpdater<Block4K, long>
    {
        public readonly Block4K Initial(in long input) => default;

        public readonly void Update(ref Block4K value, in long input)
        {
        }
    }
}
