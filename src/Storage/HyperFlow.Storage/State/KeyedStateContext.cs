using HyperFlow.Storage.Keys;

namespace HyperFlow.Storage.State;

/// <summary>Where a keyed state store lives: which job, operator and subtask, and which key groups it owns.</summary>
public sealed record KeyedStateContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="jobName">The job's name.</param>
    /// <param name="operatorUid">The operator's uid (stable across job versions; savepoints are keyed by it).</param>
    /// <param name="subtask">The subtask index.</param>
    /// <param name="parallelism">The operator's parallelism.</param>
    /// <param name="maxParallelism">The number of key groups.</param>
    public KeyedStateContext(string jobName, string operatorUid, int subtask, int parallelism, int maxParallelism)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobName);
        ArgumentException.ThrowIfNullOrWhiteSpace(operatorUid);
        (KeyGroupStart, KeyGroupCount) = KeyGroups.RangeOf(subtask, maxParallelism, parallelism);
        JobName = jobName;
        OperatorUid = operatorUid;
        Subtask = subtask;
        Parallelism = parallelism;
        MaxParallelism = maxParallelism;
    }

    /// <summary>The job's name.</summary>
    public string JobName { get; }

    /// <summary>The operator's uid.</summary>
    public string OperatorUid { get; }

    /// <summary>The subtask index.</summary>
    public int Subtask { get; }

    /// <summary>The operator's parallelism.</summary>
    public int Parallelism { get; }

    /// <summary>The number of key groups.</summary>
    public int MaxParallelism { get; }

    /// <summary>The first key group owned by the subtask.</summary>
    public int KeyGroupStart { get; }

    /// <summary>The number of key groups owned by the subtask.</summary>
    public int KeyGroupCount { get; }

    /// <summary>The processing-time clock, used for state TTL; tests pass one they control.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Whether the subtask owns a key group.</summary>
    /// <param name="keyGroup">The key group.</param>
    /// <returns><c>true</c> if it is in the subtask's range.</returns>
    public bool Owns(int keyGroup) => keyGroup >= KeyGroupStart && keyGroup < KeyGroupStart + KeyGroupCount;

    /// <summary>Names the operator subtask in messages.</summary>
    /// <returns>For example <c>operator 'sum' subtask 1/4 of job 'trades'</c>.</returns>
    public string Describe() => $"operator '{OperatorUid}' subtask {Subtask + 1}/{Parallelism} of job '{JobName}'";
}
