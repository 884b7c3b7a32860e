using HyperFlow.Runtime.Threading;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;
using Microsoft.Extensions.Logging;

namespace HyperFlow;

/// <summary>How a job runs: parallelism, threads and the sizes of batches and rings. The defaults fit the machine.</summary>
public sealed class JobOptions
{
    /// <summary>
    /// The number of subtasks of every chain, which is also the number of task slots (threads).
    /// <c>null</c> (the default) means one per CPU the process may use.
    /// </summary>
    public int? Parallelism { get; init; }

    /// <summary>The number of key groups, the upper bound for the parallelism of keyed operators. Default 128.</summary>
    public int MaxParallelism { get; init; } = KeyGroups.DefaultMaxParallelism;

    /// <summary>
    /// Where keyed operator state lives. Default <see cref="InMemoryStateBackend.Instance"/> (fastest;
    /// state must fit in memory).
    /// </summary>
    public IStateBackend StateBackend { get; init; } = InMemoryStateBackend.Instance;

    /// <summary>The largest number of records a chain processes in one go. Default 256.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>The number of records each ring between two subtasks holds; a power of two. Default 4096.</summary>
    public int RingCapacity { get; init; } = 4096;

    /// <summary>What an idle slot does. Default <see cref="HyperFlow.WaitStrategy.Blocking"/>.</summary>
    public WaitStrategy WaitStrategy { get; init; } = WaitStrategy.Blocking;

    /// <summary>
    /// Whether to pin slot <c>i</c> to CPU <c>Cpus[i % Cpus.Count]</c> (Linux). <c>null</c> (the default)
    /// pins when there are no more slots than CPUs, so slots never share a CPU they are pinned to.
    /// </summary>
    public bool? PinThreads { get; init; }

    /// <summary>The CPUs slots are pinned to, in slot order. <c>null</c> (the default): the CPUs the process may use.</summary>
    public IReadOnlyList<int>? Cpus { get; init; }

    /// <summary>
    /// The job's clock: processing time (Unix milliseconds from <see cref="TimeProvider.GetUtcNow"/>) for source
    /// idle timeouts and processing-time timers, and the timers of the checkpoint interval, pause and timeout
    /// and of restart delays. Default <see cref="TimeProvider.System"/>; tests pass a clock they move by hand.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Checkpoints: where they go, how often, and what a run restores (see <see cref="CheckpointingOptions"/>).
    /// Default <c>null</c>: no checkpoints, and a failure ends the run.
    /// </summary>
    public CheckpointingOptions? Checkpointing { get; init; }

    /// <summary>
    /// What happens when the job fails: restart (from the latest checkpoint) or give up. Default <c>null</c>:
    /// as Apache Flink, <see cref="RestartStrategy.ExponentialBackoff"/> (1 s doubling to 5 minutes, jitter
    /// 0.1, reset after an hour without failure) when <see cref="Checkpointing"/> is set, and
    /// <see cref="RestartStrategy.None"/> otherwise.
    /// </summary>
    public RestartStrategy? RestartStrategy { get; init; }

    /// <summary>The restart strategy in effect: <see cref="RestartStrategy"/>, or the default that depends on <see cref="Checkpointing"/>.</summary>
    public RestartStrategy EffectiveRestartStrategy => RestartStrategy
        ?? (Checkpointing is null
            ? HyperFlow.RestartStrategy.None
            : HyperFlow.RestartStrategy.ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), multiplier: 2.0, jitter: 0.1, resetAfter: TimeSpan.FromHours(1)));

    /// <summary>Where the engine logs (start, stop, pinning, failures). Default: nowhere.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>The parallelism in effect: <see cref="Parallelism"/>, or the number of CPUs the process may use.</summary>
    public int EffectiveParallelism => Parallelism ?? Math.Min(Environment.ProcessorCount, MaxParallelism);

    /// <summary>The CPUs in effect for pinning: <see cref="Cpus"/>, or the CPUs the calling thread may use.</summary>
    public IReadOnlyList<int> EffectiveCpus => Cpus ?? CpuAffinity.AllowedCpus();

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

        if (!Enum.IsDefined(WaitStrategy))
        {
            throw new ArgumentOutOfRangeException(nameof(WaitStrategy), WaitStrategy, "Unknown wait strategy.");
        }

        if (TimeProvider is null)
        {
            throw new ArgumentNullException(nameof(TimeProvider), "The processing-time clock must be set; leave it at its default, TimeProvider.System, unless a test moves time by hand.");
        }

        Checkpointing?.Validate();
        if (Cpus is { Count: 0 } || (Cpus?.Any(static c => c < 0) ?? false))
        {
            throw new ArgumentOutOfRangeException(nameof(Cpus), Cpus is null ? null : string.Join(",", Cpus),
                "The CPU list must be non-empty and hold CPU numbers (0 or more); leave it null to use the CPUs the process may use.");
        }
    }
}
