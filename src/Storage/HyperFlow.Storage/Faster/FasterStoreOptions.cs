using System.Globalization;
using System.Numerics;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// Where and how a <see cref="FasterTable{TKey, TValue, TInput, TUpdater}"/> keeps its FASTER store:
/// the directory of its log and checkpoint files, how much of the log stays in memory, and the sizes
/// FASTER is built with.
/// </summary>
/// <remarks>
/// <para>FASTER keeps a hash index (always in memory, <see cref="IndexBuckets"/> × 64 bytes) and a
/// hybrid log of records: the newest <see cref="MemoryBudgetBytes"/> of it in memory, the rest in
/// segment files under <see cref="Directory"/>. State larger than the budget is fine; operations on
/// records that are only on disk go pending and complete asynchronously.</para>
/// <para>Invalid values are reported by <see cref="Validate"/> (called by the table) as an
/// <see cref="ArgumentException"/> naming the option and what to change.</para>
/// <code>
/// var options = new FasterStoreOptions
/// {
///     Directory = "/var/lib/myjob/state/totals-0",
///     MemoryBudgetBytes = 64L &lt;&lt; 20,   // 64 MiB of log in memory
///     IndexBuckets = 1 &lt;&lt; 20,          // ~4-8M keys
/// };
/// </code>
/// </remarks>
public sealed class FasterStoreOptions
{
    /// <summary>Default <see cref="MemoryBudgetBytes"/>: 256 MiB.</summary>
    public const long DefaultMemoryBudgetBytes = 256L << 20;

    /// <summary>Default <see cref="PageSizeBytes"/>: 1 MiB.</summary>
    public const int DefaultPageSizeBytes = 1 << 20;

    /// <summary>Default <see cref="SegmentSizeBytes"/>: 64 MiB.</summary>
    public const long DefaultSegmentSizeBytes = 64L << 20;

    /// <summary>Default <see cref="IndexBuckets"/>: 2^17 (8 MiB of index, comfortable up to about a million keys).</summary>
    public const long DefaultIndexBuckets = 1L << 17;

    /// <summary>Smallest accepted <see cref="PageSizeBytes"/>: 4 KiB.</summary>
    public const int MinPageSizeBytes = 4096;

    /// <summary>Smallest number of log pages <see cref="MemoryBudgetBytes"/> must hold.</summary>
    public const int MinPagesInMemory = 4;

    /// <summary>Smallest accepted <see cref="IndexBuckets"/>.</summary>
    public const long MinIndexBuckets = 64;

    /// <summary>
    /// The directory of the log segment files (<c>hlog.log.N</c>) and of the checkpoints
    /// (<c>cpr-checkpoints/</c>, <c>index-checkpoints/</c>); created if missing. Required. A new
    /// (not recovered) table needs a directory without a log in it.
    /// </summary>
    public required string Directory { get; init; }

    /// <summary>
    /// Bytes of the hybrid log kept in memory; rounded down to a power of two, and at least
    /// <see cref="MinPagesInMemory"/> pages. The hash index is extra (see <see cref="IndexBuckets"/>).
    /// Default <see cref="DefaultMemoryBudgetBytes"/>.
    /// </summary>
    public long MemoryBudgetBytes { get; init; } = DefaultMemoryBudgetBytes;

    /// <summary>
    /// Bytes per log page, the unit FASTER flushes and evicts: a power of two, at least
    /// <see cref="MinPageSizeBytes"/>. Default <see cref="DefaultPageSizeBytes"/>.
    /// </summary>
    public int PageSizeBytes { get; init; } = DefaultPageSizeBytes;

    /// <summary>
    /// Bytes per log segment file: a power of two, at least <see cref="PageSizeBytes"/>. Smaller
    /// segments mean finer-grained checkpoint file lists. Default <see cref="DefaultSegmentSizeBytes"/>.
    /// </summary>
    public long SegmentSizeBytes { get; init; } = DefaultSegmentSizeBytes;

    /// <summary>
    /// Hash buckets of FASTER's index (64 bytes each, 7 keys each before overflow buckets): a power
    /// of two, at least <see cref="MinIndexBuckets"/>. Size it to about a quarter of the expected
    /// keys or more. Default <see cref="DefaultIndexBuckets"/>.
    /// </summary>
    public long IndexBuckets { get; init; } = DefaultIndexBuckets;

    /// <summary>
    /// The fraction of the in-memory log that is mutable (updated in place); the rest is read-only
    /// and is copied to the tail when updated. Between 0 and 1, exclusive. Default 0.9.
    /// </summary>
    public double MutableFraction { get; init; } = 0.9;

    /// <summary>
    /// Writes allowed to wait on disk reads at once before the next write blocks until all of them
    /// complete. Default 256.
    /// </summary>
    public int MaxPendingOperations { get; init; } = 256;

    /// <summary>
    /// Operations between two epoch refreshes inside a batch, so FASTER's flushes, evictions and
    /// checkpoints progress during long batches. Default 256.
    /// </summary>
    public int EpochRefreshInterval { get; init; } = 256;

    /// <summary>Whether disposing the table deletes its log and checkpoint files. Default <c>false</c>.</summary>
    public bool DeleteFilesOnDispose { get; init; }

    /// <summary>
    /// Whether a <see cref="FasterStateBackend"/>'s stores take FASTER's native checkpoints in a job's
    /// checkpoints (<see cref="IFasterCheckpointedStore"/>): one per state, incremental while the log has not
    /// flushed a page since the last full one, captured without scanning the state. Such a checkpoint
    /// restores only into the FASTER backend at the same parallelism; savepoints are canonical either way.
    /// <c>false</c> writes canonical snapshots (a scan of every state per checkpoint, restorable anywhere).
    /// Tables (<see cref="FasterTable{TKey, TValue, TInput, TUpdater}"/>) ignore it. Default <c>true</c>.
    /// </summary>
    public bool NativeCheckpoints { get; init; } = true;

    /// <summary>log2 of the in-memory log size actually used (<see cref="MemoryBudgetBytes"/> rounded down).</summary>
    internal int MemorySizeBits => BitOperations.Log2((ulong)MemoryBudgetBytes);

    internal int PageSizeBits => BitOperations.Log2((uint)PageSizeBytes);

    internal int SegmentSizeBits => BitOperations.Log2((ulong)SegmentSizeBytes);

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it and says what to change.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory))
        {
            throw Invalid(nameof(Directory), "is empty. Set it to the directory for this table's log and checkpoint files (it is created if missing).");
        }

        if (PageSizeBytes < MinPageSizeBytes || !BitOperations.IsPow2(PageSizeBytes))
        {
            throw Invalid(nameof(PageSizeBytes), $"is {Format(PageSizeBytes)} but must be a power of two of at least {Format(MinPageSizeBytes)} bytes, e.g. {Format(DefaultPageSizeBytes)}.");
        }

        long minimumBudget = (long)PageSizeBytes * MinPagesInMemory;
        if (MemoryBudgetBytes < minimumBudget)
        {
            throw Invalid(
                nameof(MemoryBudgetBytes),
                $"is {Format(MemoryBudgetBytes)} bytes but must hold at least {MinPagesInMemory} pages of PageSizeBytes ({Format(PageSizeBytes)}), i.e. {Format(minimumBudget)} bytes. Raise MemoryBudgetBytes or lower PageSizeBytes.");
        }

        if (SegmentSizeBytes < PageSizeBytes || !BitOperations.IsPow2(SegmentSizeBytes))
        {
            throw Invalid(nameof(SegmentSizeBytes), $"is {Format(SegmentSizeBytes)} but must be a power of two of at least PageSizeBytes ({Format(PageSizeBytes)}), e.g. {Format(DefaultSegmentSizeBytes)}.");
        }

        if (IndexBuckets < MinIndexBuckets || !BitOperations.IsPow2(IndexBuckets))
        {
            throw Invalid(nameof(IndexBuckets), $"is {Format(IndexBuckets)} but must be a power of two of at least {MinIndexBuckets}, e.g. {Format(DefaultIndexBuckets)} (about a quarter of the expected keys or more).");
        }

        if (!(MutableFraction > 0 && MutableFraction < 1))
        {
            throw Invalid(nameof(MutableFraction), $"is {MutableFraction.ToString(CultureInfo.InvariantCulture)} but must be between 0 and 1 (exclusive), e.g. 0.9.");
        }

        if (MaxPendingOperations < 1)
        {
            throw Invalid(nameof(MaxPendingOperations), $"is {MaxPendingOperations} but must be at least 1, e.g. 256.");
        }

        if (EpochRefreshInterval < 1)
        {
            throw Invalid(nameof(EpochRefreshInterval), $"is {EpochRefreshInterval} but must be at least 1, e.g. 256.");
        }
    }

    private static ArgumentException Invalid(string option, string problem) =>
        new($"FasterStoreOptions.{option} {problem}", option);

    private static string Format(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
