using System.Text.Json;
using System.Text.Json.Serialization;

namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>The figures of a <c>checkpoint</c> run, as written to JSON (e.g. perf-baselines/checkpoint-figures.json).</summary>
/// <param name="Date">When the run started.</param>
/// <param name="Machine">What it ran on.</param>
/// <param name="StateMegabytes">The --state-mb asked for (MiB of canonical snapshot bytes).</param>
/// <param name="Keys">Keys held by each backend.</param>
/// <param name="Data">What the state is.</param>
/// <param name="InMemory">The in-memory backend's checkpoint and recovery.</param>
/// <param name="Faster">The FASTER backend's checkpoints and recovery.</param>
internal sealed record CheckpointFiguresReport(
    DateTimeOffset Date,
    MachineInfo Machine,
    int StateMegabytes,
    long Keys,
    string Data,
    InMemoryFigures InMemory,
    FasterFigures Faster)
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(this, s_json) + "\n");
    }
}
