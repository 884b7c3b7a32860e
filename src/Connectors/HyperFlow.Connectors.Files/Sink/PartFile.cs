namespace HyperFlow.Connectors.Files;

/// <summary>A part file found in a sink's directory.</summary>
/// <param name="FileName">Its current file name.</param>
/// <param name="Kind">Where it is in its life.</param>
/// <param name="Subtask">The subtask that wrote it.</param>
/// <param name="Counter">Its number among the parts of that subtask.</param>
internal readonly record struct PartFile(string FileName, PartFileKind Kind, int Subtask, long Counter);
