using HyperFlow.Storage.Faster;

namespace HyperFlow.Storage.Tests.Faster;

/// <summary>Options and helpers shared by the FASTER table tests.</summary>
internal static class FasterTables
{
    /// <summary>Records of a long key and a long value take 24 bytes (8-byte header, key, value).</summary>
    public const int RecordBytes = 24;

    /// <summary>The smallest log FASTER accepts here: 4 pages of 4 KiB, about 680 records in memory.</summary>
    public static FasterStoreOptions Tiny(string directory, int maxPending = 256) => new()
    {
        Directory = directory,
        PageSizeBytes = 4096,
        MemoryBudgetBytes = 16 * 1024,
        SegmentSizeBytes = 64 * 1024,
        IndexBuckets = 1 << 10,
        MaxPendingOperations = maxPending,
        EpochRefreshInterval = 64,
    };

    /// <summary>A log of 1 MiB in memory: the tests' state stays in memory.</summary>
    public static FasterStoreOptions Roomy(string directory) => new()
    {
        Directory = directory,
        PageSizeBytes = 16 * 1024,
        MemoryBudgetBytes = 1 << 20,
        SegmentSizeBytes = 256 * 1024,
        IndexBuckets = 1 << 12,
    };

    public static SortedDictionary<long, long> Contents<TInput, TUpdater>(FasterTable<long, long, TInput, TUpdater> table)
        where TInput : struct
        where TUpdater : struct, HyperFlow.Storage.State.IValueUpdater<long, TInput>
    {
        var collector = new Collector { Entries = [] };
        table.ForEach(ref collector);
        return collector.Entries;
    }

    /// <summary>Copies the first <see cref="FasterCheckpointFile.Length"/> bytes of each listed file, keeping relative paths.</summary>
    public static void CopyCheckpoint(FasterCheckpoint checkpoint, string target)
    {
        foreach (FasterCheckpointFile file in checkpoint.Files)
        {
            string destination = Path.Combine(target, file.RelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            using var source = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var copy = new FileStream(destination, FileMode.CreateNew, FileAccess.Write);
            byte[] buffer = new byte[64 * 1024];
            long left = file.Length;
            while (left > 0)
            {
                int read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                Assert.True(read > 0, $"{file.Path} is shorter than its listed length {file.Length}.");
                copy.Write(buffer, 0, read);
                left -= read;
            }
        }
    }

    private struct Collector : IFasterRecordVisitor<long, long>
    {
        public SortedDictionary<long, long> Entries;

        public readonly bool Visit(ulong hash, in long key, in long value)
        {
            Assert.True(Entries.TryAdd(key, value), $"key {key} visited twice");
            return true;
        }
    }
}
