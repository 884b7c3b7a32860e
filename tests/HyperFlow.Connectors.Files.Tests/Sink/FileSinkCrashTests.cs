using System.Diagnostics;
using System.Globalization;

namespace HyperFlow.Connectors.Files.Tests.Sink;

/// <summary>
/// A process killed with SIGKILL while it writes leaves no visible partial file: a child process (this
/// test assembly's <see cref="CrashChild"/>) writes through a file sink and is killed at random points,
/// again and again in the same directory. With checkpoints, the visible output after each kill is
/// exactly the records of the last or the previous checkpoint (the kill may land before the commit),
/// and a restore from the last stored checkpoint commits exactly up to it. Without checkpoints, every
/// visible file is a whole part. HYPERFLOW_CRASH_ITERATIONS sets the number of kills (default 8).
/// </summary>
public class FileSinkCrashTests
{
    private const int DefaultIterations = 8;
    private static readonly TimeSpan s_childTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task CheckpointedWriterKilledAtRandomPoints_VisibleOutputIsExactlyACommittedPrefix()
    {
        (int iterations, int seed, var random) = Setup();
        using var dir = new TempDirectory();
        string output = dir.Sub("out");
        string checkpoint = dir.Sub("checkpoint");
        long checkpointsSeen = 0;
        for (int i = 0; i < iterations; i++)
        {
            string context = $"seed {seed}, iteration {i}";
            checkpointsSeen += await RunAndKill(random, context, random.Next(3), CrashChild.Command, checkpoint, output);
            long position = File.Exists(checkpoint) ? CrashChild.ReadCheckpoint(checkpoint).Position : 0;
            List<string> committed = Directory.Exists(output) ? SinkDirectory.CommittedLines(output, 0) : [];

            // The commit of checkpoint n-1 precedes the writes of n; the kill may land before the commit of the last.
            Assert.True(committed.Count == position || committed.Count == position - CrashChild.RecordsPerCheckpoint,
                $"{committed.Count} records committed, the last checkpoint is at {position} ({context})");
            Assert.Equal(FileSinkModelTests.Expected(0, committed.Count), committed);
        }

        Assert.True(checkpointsSeen > 0, $"The child never reported a checkpoint ({seed}).");
        (_, long last, byte[] state) = CrashChild.ReadCheckpoint(checkpoint);
        using (CrashChild.Sink(output).CreateCheckpointedWriter(0, 1, [state]) as IDisposable)
        {
            Assert.Equal(FileSinkModelTests.Expected(0, last), SinkDirectory.CommittedLines(output, 0));
            Assert.Empty(SinkDirectory.HiddenFiles(output));
        }
    }

    [Fact]
    public async Task PlainWriterKilledAtRandomPoints_EveryVisibleFileIsAWholePart()
    {
        (int iterations, int seed, var random) = Setup();
        using var dir = new TempDirectory();
        for (int i = 0; i < iterations; i++)
        {
            await RunAndKill(random, $"seed {seed}, iteration {i}", 0, CrashChild.PlainCommand, dir.Path);
        }

        string[] visible = SinkDirectory.VisibleFiles(dir.Path);
        Assert.NotEmpty(visible);
        foreach (string name in visible)
        {
            // Each run starts over from record 0; part k of a run holds records [1500k, 1500(k+1)).
            string[] lines = File.ReadAllText(Path.Combine(dir.Path, name)).Split('\n');
            Assert.True(lines.Length == CrashChild.RecordsPerPart + 1 && lines[^1].Length == 0, $"'{name}' is not a whole part ({seed}).");
            long first = long.Parse(lines[0], CultureInfo.InvariantCulture);
            Assert.Equal(0, first % CrashChild.RecordsPerPart);
            Assert.Equal(Enumerable.Range(0, CrashChild.RecordsPerPart).Select(k => (first + k).ToString(CultureInfo.InvariantCulture)), lines[..^1]);
        }
    }

    private static (int Iterations, int Seed, Random Random) Setup()
    {
        int iterations = int.TryParse(Environment.GetEnvironmentVariable("HYPERFLOW_CRASH_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n
            : DefaultIterations;
        int seed = Environment.TickCount;
        return (iterations, seed, new Random(seed));
    }

    /// <summary>Starts the child, waits for it to be ready and for some checkpoints, kills it at a random moment, and returns the checkpoints it reported.</summary>
    private static async Task<int> RunAndKill(Random random, string context, int checkpoints, params string[] arguments)
    {
        using var child = new Process { StartInfo = ChildStartInfo(arguments) };
        var errors = new System.Text.StringBuilder();
        child.ErrorDataReceived += (_, e) => errors.AppendLine(e.Data);
        Assert.True(child.Start(), "Cannot start the crash child.");
        child.BeginErrorReadLine();
        int reported = 0;
        try
        {
            for (int line = -1; line < checkpoints; line++)
            {
                string? text = await child.StandardOutput.ReadLineAsync().WaitAsync(s_childTimeout);
                Assert.True(text is not null, $"The crash child stopped on its own ({context}): {errors}");
                reported += text.StartsWith("checkpoint ", StringComparison.Ordinal) ? 1 : 0;
            }

            // The kill point: a random moment of the next checkpoint interval (some milliseconds of writes,
            // part rolls, renames and fsyncs). Not a synchronisation: the checks hold wherever it lands.
            await Task.Delay(random.Next(40));
        }
        finally
        {
            child.Kill();
            await child.WaitForExitAsync().WaitAsync(s_childTimeout);
        }

        Assert.True(child.ExitCode == 137, $"The crash child exited with {child.ExitCode}, not by SIGKILL ({context}): {errors}");
        return reported;
    }

    private static ProcessStartInfo ChildStartInfo(string[] arguments)
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
        info.ArgumentList.Add(typeof(CrashChild).Assembly.Location);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }
}
