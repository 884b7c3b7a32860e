using System.Runtime.CompilerServices;

namespace HyperFlow.Storage.Keys;

/// <summary>
/// Key groups are the unit in which keyed state is partitioned, checkpointed and redistributed.
/// A job has <c>maxParallelism</c> key groups (default 128); subtask <c>i</c> of an operator with
/// parallelism <c>p</c> owns a contiguous range of them, as in Apache Flink.
/// </summary>
public static class KeyGroups
{
    /// <summary>The default number of key groups (the default maximum parallelism).</summary>
    public const int DefaultMaxParallelism = 128;

    /// <summary>The largest supported number of key groups.</summary>
    public const int MaxMaxParallelism = 1 << 15;

    /// <summary>Maps a key hash (from <see cref="KeyHash"/>) to its key group.</summary>
    /// <param name="keyHash">The stable hash of the key.</param>
    /// <param name="maxParallelism">The number of key groups.</param>
    /// <returns>A key group in <c>[0, maxParallelism)</c>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Of(ulong keyHash, int maxParallelism)
        // Multiply-shift range reduction of the high 32 bits: no division on the hot path.
        => (int)(((keyHash >> 32) * (ulong)(uint)maxParallelism) >> 32);

    /// <summary>The subtask that owns a key group.</summary>
    /// <param name="keyGroup">The key group.</param>
    /// <param name="maxParallelism">The number of key groups.</param>
    /// <param name="parallelism">The operator's parallelism.</param>
    /// <returns>The index of the owning subtask.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int OwnerOf(int keyGroup, int maxParallelism, int parallelism)
        => keyGroup * parallelism / maxParallelism;

    /// <summary>The contiguous key-group range owned by a subtask.</summary>
    /// <param name="subtask">The subtask index.</param>
    /// <param name="maxParallelism">The number of key groups.</param>
    /// <param name="parallelism">The operator's parallelism.</param>
    /// <returns>The first key group and the count of key groups owned.</returns>
    public static (int Start, int Count) RangeOf(int subtask, int maxParallelism, int parallelism)
    {
        Validate(maxParallelism, parallelism);
        ArgumentOutOfRangeException.ThrowIfNegative(subtask);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(subtask, parallelism);
        // Inverse of OwnerOf: the smallest g with g * p / m >= subtask.
        int start = ((subtask * maxParallelism) + parallelism - 1) / parallelism;
        int end = (((subtask + 1) * maxParallelism) + parallelism - 1) / parallelism;
        return (start, end - start);
    }

    /// <summary>Checks that a parallelism fits a maximum parallelism.</summary>
    /// <param name="maxParallelism">The number of key groups.</param>
    /// <param name="parallelism">The operator's parallelism.</param>
    /// <exception cref="ArgumentOutOfRangeException">When either is out of range.</exception>
    public static void Validate(int maxParallelism, int parallelism)
    {
        if (maxParallelism < 1 || maxParallelism > MaxMaxParallelism)
        {
            throw new ArgumentOutOfRangeException(nameof(maxParallelism), maxParallelism,
                $"Max parallelism (the number of key groups) must be between 1 and {MaxMaxParallelism}.");
        }

        if (parallelism < 1 || parallelism > maxParallelism)
        {
            throw new ArgumentOutOfRangeException(nameof(parallelism), parallelism,
                $"Parallelism must be between 1 and the max parallelism ({maxParallelism}); raise the max parallelism to run more subtasks.");
        }
    }
}
