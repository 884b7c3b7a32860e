using System.Text.Json;
using System.Text.Json.Serialization;

namespace HyperFlow.PerfHarness;

/// <summary>A harness run as written to (and read from) JSON under perf-baselines/.</summary>
internal sealed record PerfReport(DateTimeOffset Date, MachineInfo Machine, IReadOnlyList<CaseResult> Cases)
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
