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
}
