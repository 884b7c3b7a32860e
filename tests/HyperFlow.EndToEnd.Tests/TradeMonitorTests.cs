using System.Diagnostics;
using System.Globalization;
using HyperFlow;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.State;
using TradeMonitor;

namespace HyperFlow.EndToEnd.Tests;

public class TradeMonitorTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(3);

    [Theory]
    [InlineData(1, 200_000, 1_000)]
    [InlineData(2, 200_000, 1_000)]
    [InlineData(3, 300_001, 7)]
    [InlineData(4, 50_000, 100_000)]
    [InlineData(2, 200_000, 1_000, "Faster")]
    [InlineData(2, 100_000, 30_000, "Faster-tiny")]
    public async Task Job_Totals_EqualIndependentComputation(int parallelism, long events, int accounts, string backend = "InMemory")
    {
        var generator = new TradeGenerator(events, accounts, seed: 7);
        var sink = new TotalsSink(path: null);
        string directory = Path.Combine(Path.GetTempPath(), "hyperflow-e2e", Guid.NewGuid().ToString("N"));
        IStateBackend stateBackend = backend switch
        {
            "Faster" => new FasterStateBackend(new FasterStoreOptions { Directory = directory, MemoryBudgetBytes = 4 << 20, PageSizeBytes = 64 << 10 }),
            // 16 KiB of log in memory per subtask: most accounts live on disk and updates go pending.
            "Faster-tiny" => new FasterStateBackend(new FasterStoreOptions { Directory = directory, MemoryBudgetBytes = 16 << 10, PageSizeBytes = 4 << 10, SegmentSizeBytes = 1 << 20 }),
            _ => InMemoryStateBackend.Instance,
        };

        JobResult result = await new JobHost(TradeMonitorJob.Definition, new JobOptions { Parallelism = parallelism, StateBackend = stateBackend })
            .BindSource("trades", generator)
            .BindSink("totals", sink)
            .RunAsync()
            .WaitAsync(s_generous);

        // The same question answered plainly: sum price × qty of large trades per account.
        var expected = new Dictionary<long, long>();
        long large = 0;
        for (long i = 0; i < events; i++)
        {
            Trade t = generator.At(i);
            long value = t.Price * t.Qty;
            if (value > TradeMonitorJob.LargeTradeCents)
            {
                expected[t.Account] = expected.GetValueOrDefault(t.Account) + value;
                large++;
            }
        }

        Assert.Equal(events, result.RecordsRead);
        Assert.Equal(large, result.RecordsWritten);
        Assert.Equal(large, sink.Updates);
        Assert.Equal(expected.OrderBy(e => e.Key), sink.Totals.OrderBy(e => e.Key));
        // The run's FASTER working files are gone with the job.
        Assert.False(Directory.Exists(directory) && Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public void Generator_SameSeed_IsDeterministicAndDiffersAcrossSeeds()
    {
        var a = new TradeGenerator(100, seed: 1);
        var b = new TradeGenerator(100, seed: 1);
        var c = new TradeGenerator(100, seed: 2);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => a.At(i)), Enumerable.Range(0, 100).Select(i => b.At(i)));
        Assert.NotEqual(Enumerable.Range(0, 100).Select(i => a.At(i)), Enumerable.Range(0, 100).Select(i => c.At(i)));
    }

    [Fact]
    public async Task Sink_WritesSortedCsvMatchingTotals()
    {
        string dir = Directory.CreateTempSubdirectory("hyperflow-e2e-").FullName;
        try
        {
            string path = Path.Combine(dir, "nested", "totals.csv");
            var sink = new TotalsSink(path);
            await new JobHost(TradeMonitorJob.Definition, new JobOptions { Parallelism = 2 })
                .BindSource("trades", new TradeGenerator(50_000, accounts: 500))
                .BindSink("totals", sink)
                .RunAsync()
                .WaitAsync(s_generous);

            string[] lines = File.ReadAllLines(path);
            Assert.Equal("account,total", lines[0]);
            long[] accounts = [.. lines.Skip(1).Select(l => long.Parse(l.Split(',')[0], CultureInfo.InvariantCulture))];
            Assert.Equal(accounts.Order(), accounts);
            Assert.Equal(
                sink.Totals.OrderBy(e => e.Key).Select(e => $"{e.Key},{e.Value}"),
                lines.Skip(1));
            Assert.False(File.Exists(path + ".tmp"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Cli_SmallRun_ExitsZeroWithSummary()
    {
        string dir = Directory.CreateTempSubdirectory("hyperflow-cli-").FullName;
        try
        {
            string output = Path.Combine(dir, "totals.csv");
            (int exit, string stdout, string stderr) = RunCli("--events", "100000", "--parallelism", "2", "--output", output);

            Assert.True(exit == 0, $"exit {exit}: {stderr}");
            Assert.Contains("processed 100,000 trades", stdout, StringComparison.Ordinal);
            Assert.Contains("M events/s", stdout, StringComparison.Ordinal);
            Assert.Contains("chain 1 [Hash in]: large-trade-totals -> totals", stdout, StringComparison.Ordinal);
            Assert.True(File.Exists(output));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("--parallelism", "0", "--parallelism must be between 1 and 128, got 0")]
    [InlineData("--parallelism", "many", "Cannot parse argument 'many' for option '--parallelism'")]
    [InlineData("--events", "-5", "--events is -5 but must be zero or more")]
    [InlineData("--events", "lots", "Cannot parse argument 'lots' for option '--events'")]
    [InlineData("--checkpoint-interval", "soon", "Cannot parse argument 'soon' for option '--checkpoint-interval'")]
    [InlineData("--frobnicate", "1", "--frobnicate")]
    [InlineData("--restore-from", "/tmp/somewhere", "--restore-from need --checkpoints DIR")]
    public void Cli_BadArgument_ExitsNonZeroSayingWhatIsWrong(string option, string value, string expected)
    {
        (int exit, string _, string stderr) = RunCli(option, value);
        Assert.NotEqual(0, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_Unbounded_StopsGracefullyOnSigterm()
    {
        using Process process = Process.Start(CliStart("--unbounded", "--output", Path.Combine(Path.GetTempPath(), "hyperflow-unused.csv")))!;
        var stdout = new System.Text.StringBuilder();
        using var waited = new CancellationTokenSource(s_generous);

        // The job is running once the first progress line (every 2 s) is out.
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync(waited.Token)) is not null)
        {
            stdout.AppendLine(line);
            if (line.Contains("trades read", StringComparison.Ordinal))
            {
                break;
            }
        }

        // SIGTERM, which takes the same path as Ctrl+C (SIGINT): a test run started in the background by a
        // non-interactive shell, as CI scripts may be, passes SIGINT on as ignored, and the job keeps it so.
        using (Process kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])!)
        {
            await kill.WaitForExitAsync(waited.Token);
        }

        try
        {
            stdout.Append(await process.StandardOutput.ReadToEndAsync(waited.Token));
            await process.WaitForExitAsync(waited.Token);
        }
        catch (OperationCanceledException)
        {
            // Say what the job was doing instead of only that the wait timed out.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Assert.Fail($"TradeMonitor did not stop within {s_generous.TotalSeconds:F0} s of SIGTERM. Its output so far:\n{stdout}\nstderr:\n{await process.StandardError.ReadToEndAsync(CancellationToken.None)}");
        }

        Assert.Equal(130, process.ExitCode);
        Assert.Contains("cancelled after", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_KilledAfterACheckpoint_ResumesAndEndsWithTheTotalsOfARunThatNeverStopped()
    {
        const long events = 60_000_000;
        string dir = Directory.CreateTempSubdirectory("hyperflow-cli-resume-").FullName;
        try
        {
            string checkpoints = Path.Combine(dir, "checkpoints");
            string output = Path.Combine(dir, "totals.csv");
            // One slot: the checkpoint writer gets the other CPU, so checkpoints complete while the job runs.
            string[] args = ["--events", events.ToString(CultureInfo.InvariantCulture), "--parallelism", "1", "--accounts", "1000", "--checkpoints", checkpoints, "--checkpoint-interval", "0.2", "--output", output];
            using (Process first = Process.Start(CliStart(args))!)
            {
                using var waited = new CancellationTokenSource(s_generous);
                await ReadUntilFirstCheckpoint(first, waited.Token);
                // Killed outright, as by a crash: no graceful stop, no final checkpoint.
                first.Kill(entireProcessTree: true);
                await first.WaitForExitAsync(waited.Token);
            }

            Assert.False(File.Exists(output), "The first run finished before it was killed: give the test more events.");
            (int exit, string stdout, string stderr) = RunCli(args);

            Assert.True(exit == 0, $"exit {exit}: {stderr}");
            Assert.Matches(@"restoring from checkpoint \d+", stdout);
            // It read only what came after the checkpoint it restored.
            Assert.DoesNotContain($"processed {events:N0} trades", stdout, StringComparison.Ordinal);
            Assert.Equal(ExpectedCsv(new TradeGenerator(events, accounts: 1000)), await File.ReadAllTextAsync(output));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Cli_SavepointOnStop_ThenRestoreFromIt_EndsWithTheTotalsOfARunThatNeverStopped()
    {
        const long events = 60_000_000;
        string dir = Directory.CreateTempSubdirectory("hyperflow-cli-savepoint-").FullName;
        try
        {
            string savepoint = Path.Combine(dir, "savepoint");
            string output = Path.Combine(dir, "totals.csv");
            string count = events.ToString(CultureInfo.InvariantCulture);
            var stdout = new System.Text.StringBuilder();
            using (Process first = Process.Start(CliStart("--events", count, "--parallelism", "1", "--accounts", "1000", "--checkpoints", Path.Combine(dir, "first"),
                "--checkpoint-interval", "0.2", "--savepoint-on-stop", savepoint, "--output", output))!)
            {
                using var waited = new CancellationTokenSource(s_generous);
                await ReadUntilFirstCheckpoint(first, waited.Token);
                using (Process kill = Process.Start("kill", ["-TERM", first.Id.ToString(CultureInfo.InvariantCulture)])!)
                {
                    await kill.WaitForExitAsync(waited.Token);
                }

                stdout.Append(await first.StandardOutput.ReadToEndAsync(waited.Token));
                await first.WaitForExitAsync(waited.Token);
                Assert.True(first.ExitCode == 130, $"exit {first.ExitCode}: {stdout}");
            }

            Assert.Matches(@"savepoint \d+ written to ", stdout.ToString());
            Assert.False(File.Exists(output), "The first run finished before it was stopped: give the test more events.");

            (int exit, string resumed, string stderr) = RunCli("--events", count, "--parallelism", "1", "--accounts", "1000", "--checkpoints", Path.Combine(dir, "second"), "--restore-from", savepoint, "--output", output);

            Assert.True(exit == 0, $"exit {exit}: {stderr}");
            Assert.Matches(@"restoring from savepoint \d+", resumed);
            Assert.Equal(ExpectedCsv(new TradeGenerator(events, accounts: 1000)), await File.ReadAllTextAsync(output));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // Reads the job's output until its first checkpoint has completed.
    private static async Task ReadUntilFirstCheckpoint(Process job, CancellationToken cancellationToken)
    {
        string? line;
        while ((line = await job.StandardOutput.ReadLineAsync(cancellationToken)) is not null && !line.Contains("checkpoint 1 completed", StringComparison.Ordinal))
        {
        }

        Assert.True(line is not null, "The job ended without completing a checkpoint.");
    }

    // The totals CSV computed plainly from the trades.
    private static string ExpectedCsv(TradeGenerator generator)
    {
        var totals = new SortedDictionary<long, long>();
        for (long i = 0; i < generator.Count; i++)
        {
            Trade t = generator.At(i);
            long value = t.Price * t.Qty;
            if (value > TradeMonitorJob.LargeTradeCents)
            {
                totals[t.Account] = totals.GetValueOrDefault(t.Account) + value;
            }
        }

        return "account,total\n" + string.Concat(totals.Select(static e => string.Create(CultureInfo.InvariantCulture, $"{e.Key},{e.Value}\n")));
    }

    [Fact]
    public void Cli_ResumeWithAnotherParallelism_FailsSayingWhichToUse()
    {
        string dir = Directory.CreateTempSubdirectory("hyperflow-cli-resume-").FullName;
        try
        {
            string checkpoints = Path.Combine(dir, "checkpoints");
            (int exit, string _, string stderr) = RunCli("--events", "100000", "--parallelism", "2", "--checkpoints", checkpoints, "--output", Path.Combine(dir, "a.csv"));
            Assert.True(exit == 0, $"exit {exit}: {stderr}");

            (int again, string stdout, string error) = RunCli("--events", "100000", "--parallelism", "1", "--checkpoints", checkpoints, "--output", Path.Combine(dir, "b.csv"));

            Assert.NotEqual(0, again);
            Assert.Contains("run with --parallelism 2", stdout + error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static ProcessStartInfo CliStart(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TradeMonitor.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    private static (int Exit, string Stdout, string Stderr) RunCli(params string[] args)
    {
        using Process process = Process.Start(CliStart(args))!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_generous))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("TradeMonitor did not exit");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
