using HyperFlow.Storage.Keys;

namespace HyperFlow;

/// <summary>How a job runs: parallelism and the sizes of its batches and rings. The defaults fit the machine.</summary>
public sealed class JobOptions
{
    /// <summary>
    /// The number of subtasks of every chain, which is also the number of task slots (threads).
    /// <c>null</c> (the default) means one per processor the process may use.
    /// </summary>
    public int? Parallelism { get; init; }

    /// <summary>The number of key groups, the upper bound for the parallelism of keyed operators. Default 128.</summary>
    public int MaxParallelism { get; init; } = KeyGroups.DefaultMaxParallelism;

    /// <summary>The largest number of events a chain processes in one go. Default 256.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>The number of events each ring between two subtasks holds; a power of two. Default 4096.</summary>
    public int RingCapacity { get; init; } = 4096;

    /// <summary>The parallelism in effect: <see cref="Parallelism"/>, or the processor count.</summary>
    public int EffectiveParallelism => Parallelism ?? Math.Min(Environment.ProcessorCount, MaxParallelism);

    /// <summary>Checks the options and says which one is wrong and why.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When an option is out of range.</exception>
    public void Validate()
    {
        KeyGroups.Validate(MaxParallelism, EffectiveParallelism);
        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "Batch size must be at least 1.");
        }

        if (RingCapacity < 2 || !int.IsPow2(RingCapacity) || RingCapacity < BatchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(RingCapacity), RingCapacity,
                $"Ring capacity must be a power of two, at least 2 and at least the batch size ({BatchSize}).");
        }
    }
}
