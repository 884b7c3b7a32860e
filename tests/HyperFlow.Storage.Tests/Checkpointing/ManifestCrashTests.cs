using System.Diagnostics;
using System.Globalization;
using HyperFlow.Storage.Checkpointing;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;
using HyperFlow.Storage.Tests.Faster;

namespace HyperFlow.Storage.Tests.Checkpointing;

/// <summary>
/// A manifest is never half-written: a child process (tests/HyperFlow.Storage.CrashWriter) writes
/// checkpoints in a loop and is killed with SIGKILL at random points, again and again in the same
/// directory; after each kill every visible checkpoint must parse, verify and restore to exactly what
/// was written. HYPERFLOW_CRASH_ITERATIONS sets the number of kills (default 16).
/// </summary>
public class ManifestCrashTests
{
    private const int DefaultIterations = 16;
    private static readonly TimeSpan s_childTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WriterKilledAtRandomPoints_LeavesOnlyCheckpointsThatParseVerifyAndRestore()
    {
        int iterations = int.TryParse(Environment.GetEnvironmentVariable("HYPERFLOW_CRASH_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n
            : DefaultIterations;
        int seed = Environment.TickCount;
        var random = new Random(seed);
        using var dir = new TempDirectory();
        long lastCompleted = 0;
        int interrupted = 0;
        for (int i = 0; i < iterations; i++)
        {
            string context = $"seed {seed}, iteration {i}";
            lastCompleted = Math.Max(lastCompleted, await RunAndKill(dir.Path, random, context));
            interrupted += Directory.EnumerateDirectories(dir.Path, "chk-*").Count(d => !File.Exists(Path.Combine(d, "manifest.json"))) > 0 ? 1 : 0;
            VerifyVisibleCheckpoints(dir.Path, lastCompleted, $"{context}, {interrupted} kill(s) so far interrupted a checkpoint");
        }

        Assert.True(lastCompleted > 0, $"The writer never completed a checkpoint in {iterations} runs ({seed}).");
        // Without kills that land inside a checkpoint the test would prove nothing about half-written ones.
        Assert.True(interrupted > 0, $"No kill in {iterations} runs interrupted a checkpoint ({seed}): the kill points never landed inside a write.");
    }

    /// <summary>Starts the writer, lets it complete 0-2 checkpoints, kills it at a random point of the next, and returns the last id it reported complete.</summary>
    private static async Task<long> RunAndKill(string directory, Random random, string context)
    {
        using var child = new Process { StartInfo = ChildStartInfo(directory) };
        var errors = new System.Text.StringBuilder();
        child.ErrorDataReceived += (_, e) => errors.AppendLine(e.Data);
        Assert.True(child.Start(), "Cannot start the crash writer.");
        child.BeginErrorReadLine();
        long completed = 0;
        try
        {
            int wait = random.Next(3);
            for (int line = -1; line < wait; line++)
            {
                string? text = await child.StandardOutput.ReadLineAsync().WaitAsync(s_childTimeout);
                Assert.True(text is not null, $"The crash writer stopped on its own ({context}): {errors}");
                if (text.StartsWith("complete ", StringComparison.Ordinal))
                {
                    completed = long.Parse(text.AsSpan(9), CultureInfo.InvariantCulture);
                }
            }

            // The kill point: a random moment of the next checkpoint (one takes some tens of milliseconds,
            // most of it flushing files). Not a synchronisation: the checks hold wherever it lands.
            await Task.Delay(random.Next(80));
        }
        finally
        {
            child.Kill();
            await child.WaitForExitAsync().WaitAsync(s_childTimeout);
        }

        Assert.True(child.ExitCode == 137, $"The crash writer exited with {child.ExitCode}, not by SIGKILL ({context}): {errors}");
        return completed;
    }

    private static void VerifyVisibleCheckpoints(string directory, long lastCompleted, string context)
    {
        string[] uids = [.. Enumerable.Range(0, CrashCheckpoint.Operators).Select(CrashCheckpoint.OperatorUid), CrashCheckpoint.SourceUid];

        // First as the killed run left it: every manifest there is must parse and every file it names verify.
        foreach (string folder in Directory.EnumerateDirectories(directory, "chk-*").Where(static d => File.Exists(Path.Combine(d, "manifest.json"))))
        {
            Assert.Equal(Path.GetFileName(folder), "chk-" + CheckpointReader.Open(folder, new CheckpointRestoreOptions(uids)).Manifest.CheckpointId);
        }

        using CheckpointStorage storage = CheckpointStorage.Open(new CheckpointStorageOptions(directory, CrashCheckpoint.Job) { RetainedCheckpoints = 2 });
        var options = new CheckpointRestoreOptions(uids);
        foreach (CheckpointManifest manifest in storage.Checkpoints)
        {
            CheckpointReader reader = CheckpointReader.Open(Path.Combine(directory, $"chk-{manifest.CheckpointId}"), options);
            for (int op = 0; op < CrashCheckpoint.Operators; op++)
            {
                using KeyedStateStore<long> store = InMemoryStateBackend.Instance.CreateKeyedStore<long>(
                    new KeyedStateContext(CrashCheckpoint.Job, CrashCheckpoint.OperatorUid(op), 0, 1, KeyGroups.DefaultMaxParallelism));
                Assert.True(reader.RestoreKeyedState(store), context);
                ValueState<long> value = store.GetValueState(new ValueStateDescriptor<long>("value"));
                for (long key = 0; key < CrashCheckpoint.Keys; key++)
                {
                    store.SetCurrentKey(key, KeyHash.Of(key));
                    Assert.True(value.TryGet(out long v) && v == manifest.CheckpointId, $"checkpoint {manifest.CheckpointId} key {key} ({context})");
                }
            }

            IReadOnlyList<ReadOnlyMemory<byte>?> positions = reader.SourcePositions(CrashCheckpoint.SourceUid);
            Assert.Equal(CrashCheckpoint.SourceParallelism, positions.Count);
            for (int subtask = 0; subtask < positions.Count; subtask++)
            {
                Assert.Equal(CrashCheckpoint.Position(manifest.CheckpointId, subtask), positions[subtask]!.Value.ToArray());
            }
        }

        // What a killed run left half-done is gone; what it completed is there; ids never repeat.
        Assert.Equal(
            storage.Checkpoints.Select(static c => c.CheckpointId),
            Directory.EnumerateDirectories(directory, "chk-*").Select(static d => long.Parse(Path.GetFileName(d.AsSpan())[4..], CultureInfo.InvariantCulture)).Order());
        Assert.True(lastCompleted == 0 || storage.Checkpoints.Any(c => c.CheckpointId >= lastCompleted), $"checkpoint {lastCompleted} was reported complete but is gone ({context})");
        Assert.True(storage.NextCheckpointId > lastCompleted, context);
        Assert.Equal(storage.Checkpoints.LastOrDefault()?.CheckpointId, storage.OpenLatest(options)?.Manifest.CheckpointId);
        Assert.Equal(0, storage.CorruptCheckpointsSkipped);
    }

    private static ProcessStartInfo ChildStartInfo(string directory)
    {
        string writer = typeof(CrashCheckpoint).Assembly.Location;

        // The muxer that runs the tests runs the writer too (the dotnet CLI sets DOTNET_HOST_PATH for its children).
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
            : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(writer);
        info.ArgumentList.Add(directory);
        return info;
    }
}
