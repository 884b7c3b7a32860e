using System.Text.Json;
using System.Text.Json.Serialization;

namespace HyperFlow.PerfHarness;

/// <summary>A harness run as written to (and read from) JSON under perf-baselines/.</summary>
/// <param name="Date">When the run started.</param>
/// <param name="Machine">What it ran on.</param>
/// <param name="Cases">Throughput cases.</param>
/// <param name="Latency">
/// Latency cases; absent from files written before they existed and from runs without latency cases,
/// so it is optional (null) for those files to stay readable.
/// </param>
internal sealed record PerfReport(
    DateTimeOffset Date,
    MachineInfo Machine,
    IReadOnlyList<CaseResult> Cases,
    IReadOnlyList<LatencyCaseResult>? Latency = null)
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(this, s_json) + "\n");
    }

    public static PerfReport Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<PerfReport>(File.ReadAllText(path), s_json)
                ?? throw new InvalidDataException($"Baseline {path} is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Baseline {path} is not a harness report: {ex.Message}", ex);
        }
    }
}
