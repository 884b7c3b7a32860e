using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using HyperFlow.CrashJob;

namespace HyperFlow.EndToEnd.Tests.Recovery;

/// <summary>
/// One life of the crash job's child process (tests/HyperFlow.CrashJob): started on the given directories,
/// killed with SIGKILL a given time after it printed <c>started</c> (or left to finish), with what it
/// printed: the checkpoint it restored from, the checkpoints it completed, warnings and errors.
/// </summary>
internal sealed partial class CrashJobLife
{
    private CrashJobLife(int exitCode, IReadOnlyList<string> lines, string errors, bool killed)
    {
        ExitCode = exitCode;
        Lines = lines;
        Errors = errors;
        Killed = killed;
        RestoredFrom = lines.Select(static l => RestoringLine().Match(l)).Where(static m => m.Success).Select(static m => (long?)Id(m)).SingleOrDefault();
        StartedFresh = lines.Any(static l => l.Contains(": no checkpoint to restore in '", StringComparison.Ordinal));
        Completed = [.. lines.Select(static l => CompletedLine().Match(l)).Where(static m => m.Success).Select(Id)];
        Finished = lines.Any(static l => l.StartsWith("finished ", StringComparison.Ordinal));
        SharedFiles = lines.Select(static l => SharedFilesPart().Match(l)).Where(static m => m.Success).Sum(Id);
        Problems = [.. lines.Where(static l => l.StartsWith("Warning:", StringComparison.Ordinal) || l.StartsWith("Error:", StringComparison.Ordinal) || l.StartsWith("Critical:", StringComparison.Ordinal))];
    }

    public int ExitCode { get; }

    public IReadOnlyList<string> Lines { get; }

    public string Errors { get; }

    /// <summary>Whether the test killed it (it had not exited by the kill time).</summary>
    public bool Killed { get; }

    /// <summary>The checkpoint the run restored from; <c>null</c> when it started from the beginning or was killed before it said.</summary>
    public long? RestoredFrom { get; }

    /// <summary>Whether the run found no checkpoint and started from the beginning of the input.</summary>
    public bool StartedFresh { get; }

    /// <summary>The checkpoints the run reported complete (their manifests durable), in order.</summary>
    public IReadOnlyList<long> Completed { get; }

    /// <summary>
    /// Files its completed checkpoints shared with earlier ones, summed over them: more than 0 only where
    /// FASTER's native checkpoints left log segments, an index or a base snapshot unchanged.
    /// </summary>
    public long SharedFiles { get; }

    /// <summary>Whether the job reached the end of its input.</summary>
    public bool Finished { get; }

    /// <summary>The warnings and errors the job logged.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>What the life printed besides the per-checkpoint lines, for a failure message.</summary>
    public string Transcript => string.Join('\n', Lines.Where(static l => !CompletedLine().IsMatch(l) && !l.Contains(" complete in '", StringComparison.Ordinal))) + "\nstderr: " + Errors;

    /// <summary>
    /// Runs the child to its end, or kills it <paramref name="killAfter"/> after it printed <c>started</c>
    /// (after its first completed checkpoint too, with <paramref name="afterACheckpoint"/>).
    /// </summary>
    public static async Task<CrashJobLife> RunAsync(CrashJobSettings settings, TimeSpan? killAfter, bool afterACheckpoint, TimeSpan timeout)
    {
        using var child = new Process { StartInfo = StartInfo(settings) };
        var lines = new List<string>();
        var errors = new System.Text.StringBuilder();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var checkpointed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        child.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(line);
            }

            if (line.StartsWith("started ", StringComparison.Ordinal))
            {
                started.TrySetResult();
            }
            else if (CompletedLine().IsMatch(line))
            {
                checkpointed.TrySetResult();
            }
        };
        child.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        Assert.True(child.Start(), "Cannot start the crash job.");
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        bool killed = false;
        try
        {
            if (killAfter is { } delay)
            {
                Task exited = child.WaitForExitAsync();
                await Task.WhenAny(afterACheckpoint ? checkpointed.Task : started.Task, exited).WaitAsync(timeout);
                // The kill point: a random moment of the run. Not a synchronisation: the checks hold wherever it lands.
                await Task.WhenAny(Task.Delay(delay), exited);
                if (!child.HasExited)
                {
                    child.Kill(entireProcessTree: true);
                    killed = true;
                }
            }

            // Also waits for the end of the redirected output, so every line the child wrote is in.
            await child.WaitForExitAsync().WaitAsync(timeout);
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }
        }

        lock (lines)
        {
            lock (errors)
            {
                return new CrashJobLife(child.ExitCode, [.. lines], errors.ToString(), killed);
            }
        }
    }

    private static long Id(Match match) => long.Parse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

    private static ProcessStartInfo StartInfo(CrashJobSettings settings)
    {
        // The muxer that runs the tests runs the child too (the dotnet CLI sets DOTNET_HOST_PATH for its children).
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
            : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(SensorWindowsJob).Assembly.Location);
        info.ArgumentList.Add(settings.CheckpointDirectory);
        info.ArgumentList.Add(settings.OutputDirectory);
        info.ArgumentList.Add("--parallelism");
        info.ArgumentList.Add(settings.Parallelism.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--events");
        info.ArgumentList.Add(settings.Events.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--interval-ms");
        info.ArgumentList.Add(settings.IntervalMs.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--rate");
        info.ArgumentList.Add(settings.RatePerMs.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--state-backend");
        info.ArgumentList.Add(settings.StateBackend);
        return info;
    }

    [GeneratedRegex(@", (\d+) of \d+ files shared with earlier checkpoints")]
    private static partial Regex SharedFilesPart();

    [GeneratedRegex(@"restoring from checkpoint (\d+) in '")]
    private static partial Regex RestoringLine();

    [GeneratedRegex(@": checkpoint (\d+) completed in ")]
    private static partial Regex CompletedLine();
}
