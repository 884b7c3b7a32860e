namespace HyperFlow.Runtime.Sequencing;

/// <summary>The kinds of control event that travel in order with the records of a ring.</summary>
public enum ControlKind : byte
{
    /// <summary>Event time has reached <see cref="ControlEvent.Value"/>: no earlier event follows from this input.</summary>
    Watermark = 1,

    /// <summary>Checkpoint barrier number <see cref="ControlEvent.Value"/>: records before it belong to the checkpoint.</summary>
    Barrier = 2,

    /// <summary>The producer has ended: nothing follows.</summary>
    EndOfInput = 3,

    /// <summary>
    /// The producer's output is idle (as Flink's <c>WatermarkStatus.IDLE</c>): it has no watermark to
    /// contribute, so the consumer leaves this input out of its minimum until <see cref="Active"/>.
    /// </summary>
    Idle = 4,

    /// <summary>The producer's output is active again after <see cref="Idle"/>: its watermarks count again.</summary>
    Active = 5,
}
