namespace HyperFlow;

/// <summary>The counters of one subtask of one chain at the end of a run.</summary>
/// <param name="Chain">The chain's name.</param>
/// <param name="Subtask">The subtask index.</param>
/// <param name="RecordsIn">Records read by the subtask.</param>
/// <param name="RecordsOut">Records emitted by the subtask.</param>
/// <param name="BusyTime">Time spent processing.</param>
/// <param name="IdleTime">Time with nothing to read.</param>
/// <param name="BackpressuredTime">Time with input waiting but no room downstream.</param>
public sealed record SubtaskStats(string Chain, int Subtask, long RecordsIn, long RecordsOut, TimeSpan BusyTime, TimeSpan IdleTime, TimeSpan BackpressuredTime);
