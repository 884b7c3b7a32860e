using System.Diagnostics;
using System.Globalization;

namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>Progress lines stamped with the time since the run began, and timed steps.</summary>
internal sealed class ProgressLog(TextWriter output, CancellationToken cancellation)
{
    private readonly Stopwatch _since = Stopwatch.StartNew();

    public CancellationToken Cancellation { get; } = cancellation;

    public void Line(string message) => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_since.Elapsed.TotalSeconds,6:F1} s] {message}"));

    /// <summary>Runs a step (after checking for cancellation), prints and returns its time.</summary>
    public PhaseTime Time(string name, Action step)
    {
        Cancellation.ThrowIfCancellationRequested();
        long start = Stopwatch.GetTimestamp();
        step();
        var phase = new PhaseTime(name, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        Line(string.Create(CultureInfo.InvariantCulture, $"  {name}: {phase.Milliseconds:F0} ms"));
        return phase;
    }

    /// <summary>Prints a count every <paramref name="every"/> items, and checks for cancellation there.</summary>
    public void Count(string what, long done, long total, long every)
    {
        if (done % every == 0 && done > 0)
        {
            Cancellation.ThrowIfCancellationRequested();
            Line(string.Create(CultureInfo.InvariantCulture, $"  {what}: {done / 1e6:F1}M / {total / 1e6:F1}M"));
        }
    }
}
