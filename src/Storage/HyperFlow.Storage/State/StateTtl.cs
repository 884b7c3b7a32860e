namespace HyperFlow.Storage.State;

/// <summary>
/// Time to live of keyed state entries, in processing time: an entry not updated for
/// <see cref="TimeToLive"/> expires. An expired entry is never returned (Flink's
/// <c>NeverReturnExpired</c>); it is removed when next accessed and left out of snapshots.
/// </summary>
/// <param name="TimeToLive">How long an entry lives after its last update; must be positive.</param>
public sealed record StateTtl(TimeSpan TimeToLive)
{
    /// <summary>Which accesses restart the time to live; by default creation and writes.</summary>
    public StateTtlUpdate Update { get; init; } = StateTtlUpdate.OnCreateAndWrite;

    /// <summary>The time to live in whole milliseconds (at least 1).</summary>
    internal long Milliseconds => Math.Max(1, (long)TimeToLive.TotalMilliseconds);

    internal void Validate(string stateName)
    {
        if (TimeToLive <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TimeToLive), TimeToLive,
                $"The time to live of state '{stateName}' must be positive; leave Ttl null to keep entries forever.");
        }
    }
}
