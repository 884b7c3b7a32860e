using System.Diagnostics;
using System.Globalization;
using HyperFlow.CrashJob;
using Xunit.Abstractions;

namespace HyperFlow.EndToEnd.Tests.Recovery;

/// <summary>
/// Exactly-once across crashes of the whole process: a child process (tests/HyperFlow.CrashJob) runs a
/// checkpointed job — keyed event-time tumbling windows (sum and count per sensor per 100 ms) over a
/// rewindable source, written by the exactly-once file sink — and is killed with SIGKILL at random moments,
/// started again on the same directories, again and again, and finally let finish. Its committed output must
/// be exactly that of a failure-free run of the same job, which must be exactly what a plain computation over
/// the source gives. The job runs on the in-memory backend and on FASTER (whose native, often incremental,
/// checkpoints are then what the kills interrupt and the restarts recover). <c>HYPERFLOW_JOB_CRASH_KILLS</c> sets the number of kills per parallelism (default 5;
/// <c>HYPERFLOW_JOB_CRASH_KILLS=100</c> is the soak run: about 4 minutes per in-memory case and 12 for FASTER on a
/// 2-vCPU machine; perf-baselines/crash-soak.md has its figures).
/// </summary>
public class JobCrashTests(ITestOutputHelper output)
{
    private const int DefaultKills = 5;
    private const int MaxKillDelayMs = 600;
    private const double RatePerMs = 60;
    // Generous: a loaded machine may take seconds to start a life and complete its first checkpoint.
    private const int FirstCheckpointAllowanceMs = 5_000;
    private const long MinEvents = 1_000_000;
    private static readonly TimeSpan s_childTimeout = TimeSpan.FromMinutes(10);

    [Theory]
    [InlineData(1, "inmemory")]
    [InlineData(2, "inmemory")]
    [InlineData(2, "faster")]
    public async Task JobKilledAtRandomMoments_CommittedOutputIdenticalToAFailureFreeRun(int parallelism, string stateBackend)
    {
        int kills = int.TryParse(Environment.GetEnvironmentVariable("HYPERFLOW_JOB_CRASH_KILLS"), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n
            : DefaultKills;
        int seed = Environment.TickCount;
        var random = new Random(seed);
        // A life reads at most RatePerMs per partition and millisecond since its first read, which comes before
        // its first checkpoint completes: with this many events the input cannot end before the last kill.
        long events = Math.Max(MinEvents, (long)((kills + 2) * (MaxKillDelayMs + FirstCheckpointAllowanceMs) * RatePerMs * SensorSource.Partitions));
        string root = Path.Combine(Path.GetTempPath(), "hyperflow-job-crash", Guid.NewGuid().ToString("N"));
        var crashed = new CrashJobSettings(Path.Combine(root, "checkpoints"), Path.Combine(root, "out"))
        {
            Parallelism = parallelism,
            StateBackend = stateBackend,
            Events = events,
            RatePerMs = RatePerMs,
        };
        output.WriteLine($"seed {seed}, parallelism {parallelism}, state backend {stateBackend}, {kills} kills, {events} events, checkpoint every {crashed.IntervalMs} ms, directories under '{root}'");
        var clock = Stopwatch.StartNew();
        bool passed = false;
        try
        {
            int restores = 0;
            long sharedFiles = 0;
            long lastCompleted = 0;
            for (int kill = 0; kill < kills; kill++)
            {
                int delay = random.Next(MaxKillDelayMs);
                // Half the lives are killed at any moment after they start, restore and recovery included; the
                // others once they run, after their first checkpoint. The first is one of those, so that some
                // restart is sure to restore a checkpoint.
                bool afterACheckpoint = kill == 0 || random.Next(2) == 0;
                string when = $"killed {delay} ms after it {(afterACheckpoint ? "completed a checkpoint" : "started")}";
                CrashJobLife life = await CrashJobLife.RunAsync(crashed, TimeSpan.FromMilliseconds(delay), afterACheckpoint, s_childTimeout);
                string context = $"seed {seed}, life {kill + 1} {when}";
                output.WriteLine($"life {kill + 1}: {when}; {Describe(life)}");
                Assert.True(life.Killed && !life.Finished && life.ExitCode == 137,
                    $"The crash job was not killed by SIGKILL mid-run (exit code {life.ExitCode}, finished {life.Finished}) ({context}):\n{life.Transcript}");
                restores += CheckLife(life, lastCompleted, context);
                sharedFiles += life.SharedFiles;
                lastCompleted = life.Completed.Count > 0 ? life.Completed[^1] : lastCompleted;
            }

            // The last life reads as fast as the job goes: the rate only spreads the earlier lives over the input.
            CrashJobLife last = await CrashJobLife.RunAsync(crashed with { RatePerMs = 0 }, killAfter: null, afterACheckpoint: false, s_childTimeout);
            output.WriteLine($"last life: {Describe(last)}");
            Assert.True(last.ExitCode == 0 && last.Finished, $"The crash job did not finish after the kills (exit code {last.ExitCode}) (seed {seed}):\n{last.Transcript}");
            restores += CheckLife(last, lastCompleted, $"seed {seed}, last life");
            sharedFiles += last.SharedFiles;
            TimeSpan crashedTime = clock.Elapsed;

            var reference = new CrashJobSettings(Path.Combine(root, "reference-checkpoints"), Path.Combine(root, "reference-out"))
            {
                Parallelism = parallelism,
                Events = events,
                RatePerMs = 0,
            };
            await CrashJobRunner.RunAsync(reference, logger: null).WaitAsync(s_childTimeout);

            // Sorted, because only the set of results is defined: the part file a result lands in depends on when
            // checkpoints closed parts and on the subtask, and the order of the windows one watermark fires may
            // differ once a restore has rebuilt the window state.
            List<string> actual = CommittedLines(crashed.OutputDirectory);
            List<string> failureFree = CommittedLines(reference.OutputDirectory);
            List<string> model = ModelLines(events);
            output.WriteLine($"{kills} kills, {restores} restores from a checkpoint, {sharedFiles} files shared between checkpoints, last checkpoint {last.Completed.LastOrDefault()}; {actual.Count} committed lines "
                + $"against {failureFree.Count} of the failure-free run and {model.Count} of the model; crash runs {crashedTime.TotalSeconds:F1} s, all {clock.Elapsed.TotalSeconds:F1} s");

            Assert.True(restores > 0, $"No life restored from a checkpoint (seed {seed}).");
            // On FASTER the kills interrupt native checkpoints, which share unchanged files with earlier ones.
            Assert.True(stateBackend != "faster" || sharedFiles > 0, $"No FASTER checkpoint shared a file with an earlier one: the job did not take native checkpoints (seed {seed}).");
            Assert.True(model.SequenceEqual(failureFree), $"The failure-free run differs from the model: {Difference(model, failureFree)}");
            Assert.True(failureFree.SequenceEqual(actual), $"The output after {kills} kills differs from the failure-free run (seed {seed}): {Difference(failureFree, actual)}");
            Assert.Equal(actual.Count, actual.Select(WindowOf).Distinct(StringComparer.Ordinal).Count());
            Assert.Empty(Directory.EnumerateFiles(crashed.OutputDirectory, ".*"));
            passed = true;
        }
        finally
        {
            // A failed run's directories stay for inspection; the message names them.
            if (passed)
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>Checks what one life printed and returns 1 if it restored from a checkpoint.</summary>
    private static int CheckLife(CrashJobLife life, long lastCompleted, string context)
    {
        Assert.True(life.Problems.Count == 0, $"The job logged warnings or errors ({context}):\n{string.Join('\n', life.Problems)}");
        // A checkpoint reported complete has a durable manifest: a kill cannot take it back. (A life killed
        // early may not have said where it starts.)
        Assert.True(lastCompleted == 0 || (!life.StartedFresh && (life.RestoredFrom is null || life.RestoredFrom >= lastCompleted)),
            $"Checkpoint {lastCompleted} was reported complete, but a later life {(life.StartedFresh ? "started from the beginning" : $"restored from checkpoint {life.RestoredFrom}")} ({context}):\n{life.Transcript}");
        return life.RestoredFrom is null ? 0 : 1;
    }

    private static string Describe(CrashJobLife life)
        => (life.RestoredFrom is { } id ? $"restored from checkpoint {id}, " : life.StartedFresh ? "started from the beginning, " : "killed before it restored, ")
            + (life.Completed.Count == 0 ? "completed no checkpoint" : $"completed checkpoints {life.Completed[0]}-{life.Completed[^1]}")
            + (life.Finished ? ", finished" : "");

    /// <summary>Every line of the committed part files (those a downstream reader sees: not hidden), sorted.</summary>
    private static List<string> CommittedLines(string directory)
    {
        var lines = new List<string>();
        foreach (string path in Directory.EnumerateFiles(directory).Where(static p => !Path.GetFileName(p).StartsWith('.')))
        {
            string text = File.ReadAllText(path);
            Assert.True(text.Length > 0 && text[^1] == '\n', $"Committed part '{path}' is empty or ends inside a line.");
            lines.AddRange(text[..^1].Split('\n'));
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>The job's results computed directly from the source's readings: one line per sensor and 100 ms window, sorted.</summary>
    private static List<string> ModelLines(long events)
    {
        var windows = new Dictionary<(long Sensor, long Start), (long Sum, long Count)>();
        for (int partition = 0; partition < SensorSource.Partitions; partition++)
        {
            long count = SensorSource.CountOf(partition, events);
            for (long offset = 0; offset < count; offset++)
            {
                SensorReading r = SensorSource.At(partition, offset);
                (long Sensor, long Start) window = (r.Sensor, r.TimeMs / SensorWindowsJob.WindowMs * SensorWindowsJob.WindowMs);
                (long sum, long n) = windows.GetValueOrDefault(window);
                windows[window] = (sum + r.Value, n + 1);
            }
        }

        List<string> lines = [.. windows.Select(static w => string.Create(CultureInfo.InvariantCulture, $"{w.Key.Sensor},{w.Key.Start},{w.Value.Sum},{w.Value.Count}"))];
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>The window a line is the result of: its sensor and start.</summary>
    private static string WindowOf(string line) => line[..line.IndexOf(',', line.IndexOf(',', StringComparison.Ordinal) + 1)];

    /// <summary>Which lines one side has more often than the other, the first few of each.</summary>
    private static string Difference(List<string> expected, List<string> actual)
    {
        var balance = new Dictionary<string, int>(StringComparer.Ordinal);
        expected.ForEach(l => balance[l] = balance.GetValueOrDefault(l) + 1);
        actual.ForEach(l => balance[l] = balance.GetValueOrDefault(l) - 1);
        string[] missing = [.. balance.Where(static b => b.Value > 0).Select(static b => b.Key)];
        string[] extra = [.. balance.Where(static b => b.Value < 0).Select(static b => $"{b.Key} (x{-b.Value})")];
        return $"{expected.Count} lines expected, {actual.Count} found; {missing.Length} missing (first: {string.Join("; ", missing.Take(10))}); "
            + $"{extra.Length} duplicated or unexpected (first: {string.Join("; ", extra.Take(10))})";
    }
}
