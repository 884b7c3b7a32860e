using System.Text.Json;
using System.Text.Json.Serialization;

namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>The figures of a <c>checkpoint-dip</c> run, as written to JSON (e.g. perf-baselines/checkpoint-dip.json).</summary>
/// <param name="Date">When the run started.</param>
/// <param name="Machine">What it ran on.</param>
/// <param name="IntervalSeconds">The checkpoint interval of the runs with checkpoints.</param>
/// <param name="Retained">Completed checkpoints kept.</param>
/// <param name="Backend">The state backend.</param>
/// <param name="Jobs">Each job's figures.</param>
internal sealed record CheckpointDipReport(
    DateTimeOffset Date,
    MachineInfo Machine,
    double IntervalSeconds,
    int Retained,
    string Backend,
    IReadOnlyList<DipJobResult> Jobs)
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(this, s_json) + "\n");
    }
}
