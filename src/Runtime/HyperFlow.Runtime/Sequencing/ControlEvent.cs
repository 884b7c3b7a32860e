namespace HyperFlow.Runtime.Sequencing;

/// <summary>
/// A control event in a ring: it sits between the record at <see cref="Sequence"/> − 1 and the record at
/// <see cref="Sequence"/>, and the consumer sees it exactly there.
/// </summary>
/// <param name="Sequence">The record sequence the event precedes.</param>
/// <param name="Kind">The kind of event.</param>
/// <param name="Value">The watermark timestamp or the checkpoint id; 0 for end of input, idle and active.</param>
public readonly record struct ControlEvent(long Sequence, ControlKind Kind, long Value);
