using System.Runtime.InteropServices;

namespace HyperFlow.PerfHarness;

/// <summary>What the figures were measured on.</summary>
internal sealed record MachineInfo(string Cpu, int LogicalCores, string Os, string Runtime, string Note)
{
    public static MachineInfo Current(string note) => new(CpuModel(), Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, note);

    private static string CpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (File.Exists(cpuinfo))
        {
            string? line = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null)
            {
                return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
