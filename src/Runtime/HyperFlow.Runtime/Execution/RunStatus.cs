namespace HyperFlow.Runtime.Execution;

/// <summary>What one turn of a task's loop achieved; the slot uses it to decide whether to back off.</summary>
internal enum RunStatus
{
    /// <summary>Nothing was ready to read.</summary>
    Idle,

    /// <summary>Events were processed.</summary>
    Progress,

    /// <summary>Input was ready but an output had no room: the task did not read (backpressure).</summary>
    Backpressured,

    /// <summary>The input has ended and everything was flushed downstream.</summary>
    Finished,
}
