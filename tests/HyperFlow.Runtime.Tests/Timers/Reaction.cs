namespace HyperFlow.Runtime.Tests.Timers;

/// <summary>What a reacting target does when a timer fires, as a function of the timer's time, so a model can replay it.</summary>
internal static class Reaction
{
    /// <summary>Every fourth time registers a later timer of the same key and namespace: 1, 21 or 41 later.</summary>
    public static long? FollowUp(long time) => time % 4 == 0 ? time + 1 + (Math.Abs(time % 3) * 20) : null;

    /// <summary>Every fifth time deletes the timer 2 later of the same key and namespace (often not pending).</summary>
    public static long? Deleted(long time) => time % 5 == 0 ? time + 2 : null;
}
