namespace HyperFlow;

/// <summary>The counters of one subtask of one chain at the end of a run.</summary>
/// <param name="Chain">The chain's name.</param>
/// <param name="Subtask">The subtask index.</param>
/// <param name="RecordsIn">Events read by the subtask.</param>
/// <param name="RecordsOut">Events emitted by the subtask.</param>
public sealed record SubtaskStats(string Chain, int Subtask, long RecordsIn, long RecordsOut);
