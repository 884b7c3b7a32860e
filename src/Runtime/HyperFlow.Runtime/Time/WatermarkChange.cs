namespace HyperFlow.Runtime.Time;

/// <summary>
/// What a step of watermark bookkeeping changed in a task's output, in the order the control events go
/// out: the output becomes active again, its watermark advances, it becomes idle.
/// </summary>
[Flags]
internal enum WatermarkChange
{
    /// <summary>Nothing to emit.</summary>
    None = 0,

    /// <summary>The output was idle and is active again.</summary>
    Active = 1,

    /// <summary>The output's watermark advanced.</summary>
    Advanced = 2,

    /// <summary>The output became idle: no input or partition holds back the watermark any more.</summary>
    Idle = 4,
}
