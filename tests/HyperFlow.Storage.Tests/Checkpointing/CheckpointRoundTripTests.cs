using System.Text;
using System.Text.Json;
using HyperFlow.Storage.Checkpointing;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;
using HyperFlow.Storage.Tests.Faster;

namespace HyperFlow.Storage.Tests.Checkpointing;

public class CheckpointRoundTripTests
{
    private const int Keys = 3000;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TwoOperatorsTwoSubtasks_RestoredAtAnotherParallelism_EveryKeyExactlyOnce(int parallelism)
    {
        using var dir = new TempDirectory();
        using (CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path)))
        {
            using CheckpointWriter writer = storage.BeginCheckpoint(1, "InMemory");
            CheckpointData.WriteOperator(writer, "a", 2, Keys, static k => k * 3);
            CheckpointData.WriteOperator(writer, "b", 2, Keys, static k => -k);
            writer.Complete();
        }

        using (CheckpointStorage reopened = CheckpointStorage.Open(CheckpointData.Options(dir.Path)))
        {
            CheckpointReader reader = reopened.OpenLatest(CheckpointData.Restore("a", "b"))!;

            Assert.Equal(1, reader.Manifest.CheckpointId);
            Dictionary<long, long> a = CheckpointData.RestoreOperator(reader, "a", parallelism, Keys);
            Dictionary<long, long> b = CheckpointData.RestoreOperator(reader, "b", parallelism, Keys);
            Assert.Equal(Keys, a.Count);
            Assert.Equal(Keys, b.Count);
            Assert.All(a, e => Assert.Equal(e.Key * 3, e.Value));
            Assert.All(b, e => Assert.Equal(-e.Key, e.Value));
            Assert.Equal(0, reopened.CorruptCheckpointsSkipped);
        }
    }

    [Fact]
    public void SubtasksWritingConcurrently_AllLandInTheCheckpoint()
    {
        const int parallelism = 8;
        using var dir = new TempDirectory();
        using CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path));
        using CheckpointWriter writer = storage.BeginCheckpoint(1, "InMemory");
        KeyedStateStore<long>[] stores = [.. Enumerable.Range(0, parallelism).Select(s => InMemoryStateBackend.Instance.CreateKeyedStore<long>(CheckpointData.Context("a", s, parallelism)))];
        foreach (KeyedStateStore<long> store in stores)
        {
            ValueState<long> state = store.GetValueState(CheckpointData.Value);
            for (long key = 0; key < Keys; key++)
            {
                ulong hash = KeyHash.Of(key);
                if (store.Context.Owns(KeyGroups.Of(hash, CheckpointData.MaxParallelism)))
                {
                    store.SetCurrentKey(key, hash);
                    state.Update(key + 7);
                }
            }
        }

        KeyedStateSnapshot[] snapshots = [.. stores.Select(static s => s.TakeSnapshot())];
        Parallel.For(0, parallelism, s =>
        {
            writer.WriteKeyedState(stores[s].Context, snapshots[s]);
            writer.AddSourcePosition("source", s, parallelism, [(byte)s]);
        });
        writer.Complete();
        Array.ForEach(stores, static s => s.Dispose());

        CheckpointReader reader = storage.OpenLatest(CheckpointData.Restore("a", "source"))!;
        Dictionary<long, long> restored = CheckpointData.RestoreOperator(reader, "a", 3, Keys);
        Assert.Equal(Keys, restored.Count);
        Assert.All(restored, static e => Assert.Equal(e.Key + 7, e.Value));
        Assert.Equal(Enumerable.Range(0, parallelism).Select(static s => (byte)s), reader.SourcePositions("source").Select(static p => p!.Value.Span[0]));
    }

    [Fact]
    public void Manifest_ListsJobOperatorsKeyGroupsSizesAndChecksums()
    {
        using var dir = new TempDirectory();
        using CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path));

        CheckpointManifest written = CheckpointData.WriteSimple(storage, keys: 5000);

        CheckpointManifest read = CheckpointReader.Open(Path.Combine(dir.Path, "chk-1"), CheckpointData.Restore()).Manifest;
        Assert.Equal(CheckpointManifest.CurrentFormatVersion, read.FormatVersion);
        Assert.Equal(("job", 1L, CheckpointKind.Checkpoint, "InMemory"), (read.Job, read.CheckpointId, read.Kind, read.StateBackend));
        Assert.Equal(written.CreatedAt, read.CreatedAt);
        Assert.Equal(["a", "b", "source"], read.Operators.Select(o => o.Uid));
        OperatorManifest a = read.Operators[0];
        Assert.Equal((2, 128), (a.Parallelism, a.MaxParallelism));
        Assert.Equal([(0, 64), (64, 64)], a.Subtasks.Select(s => (s.KeyGroupStart, s.KeyGroupCount)));
        foreach (SubtaskManifest subtask in a.Subtasks)
        {
            StateFileManifest file = subtask.KeyedState!;
            string path = Path.Combine(dir.Path, "chk-1", file.Path);
            Assert.Equal(new FileInfo(path).Length, file.StoredSize);
            Assert.True(file.RawSize > file.StoredSize, $"raw {file.RawSize} should compress, stored {file.StoredSize}");
            Assert.Matches("^[0-9a-f]{16}$", file.Checksum);
            Assert.Matches("^[0-9a-f]{16}$", file.RawChecksum);

            // The LZ4 frame format's magic number, little-endian.
            Assert.Equal([0x04, 0x22, 0x4D, 0x18], File.ReadAllBytes(path)[..4]);
        }

        Assert.All(a.Subtasks, static s => Assert.Null(s.Position));
        OperatorManifest source = read.Operators[2];
        Assert.Equal((1, 0), (source.Parallelism, source.MaxParallelism));
        Assert.Equal(BitConverter.GetBytes(1L), source.Subtasks[0].Position!.Value.ToArray());
    }

    [Fact]
    public void ManifestJson_IsCamelCaseWithKindAsTextAndPositionsInBase64()
    {
        using var dir = new TempDirectory();
        using CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path));
        CheckpointData.WriteSimple(storage);

        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir.Path, "chk-1", "manifest.json")));

        JsonElement root = json.RootElement;
        Assert.Equal("checkpoint", root.GetProperty("kind").GetString());
        Assert.Equal("job", root.GetProperty("job").GetString());
        Assert.Equal(1, root.GetProperty("checkpointId").GetInt64());
        JsonElement source = root.GetProperty("operators")[2];
        Assert.Equal(Convert.ToBase64String(BitConverter.GetBytes(1L)), source.GetProperty("subtasks")[0].GetProperty("position").GetString());
        Assert.False(source.GetProperty("subtasks")[0].TryGetProperty("keyedState", out _));
        Assert.False(root.GetProperty("operators")[0].GetProperty("subtasks")[0].TryGetProperty("position", out _));
        JsonElement file = root.GetProperty("operators")[0].GetProperty("subtasks")[1].GetProperty("keyedState");
        Assert.True(file.GetProperty("rawSize").GetInt64() > 0);
        Assert.Equal(16, file.GetProperty("checksum").GetString()!.Length);
    }

    [Fact]
    public void SourcePositions_AreReadBackPerOldSubtask()
    {
        using var dir = new TempDirectory();
        using CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path));
        using (CheckpointWriter writer = storage.BeginCheckpoint(1, "InMemory"))
        {
            writer.AddSourcePosition("kafka", 2, 3, [7, 7]);
            writer.AddSourcePosition("kafka", 0, 3, [1]);
            writer.AddSourcePosition("kafka", 1, 3, []);
            writer.Complete();
        }

        CheckpointReader reader = storage.OpenLatest(CheckpointData.Restore("kafka"))!;

        IReadOnlyList<ReadOnlyMemory<byte>?> positions = reader.SourcePositions("kafka");
        Assert.Equal([[1], [], [7, 7]], positions.Select(p => p!.Value.ToArray()));
        Assert.Empty(reader.SourcePositions("other"));
    }

    [Fact]
    public void NewOperator_WithoutStateInTheCheckpoint_StartsEmpty()
    {
        using var dir = new TempDirectory();
        using CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path));
        CheckpointData.WriteSimple(storage);
        CheckpointReader reader = storage.OpenLatest(CheckpointData.Restore("a", "b", "source", "new"))!;

        using var store = InMemoryStateBackend.Instance.CreateKeyedStore<long>(CheckpointData.Context("new", 0, 1));

        Assert.False(reader.RestoreKeyedState(store));
        Assert.Equal(0, store.Statistics.Entries);
    }

    [Fact]
    public void RestoreKeyedState_WithAnotherMaxParallelism_IsRefusedWithTheFix()
    {
        using var dir = new TempDirectory();
        using CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path));
        CheckpointData.WriteSimple(storage);
        CheckpointReader reader = storage.OpenLatest(CheckpointData.Restore())!;
        using var store = InMemoryStateBackend.Instance.CreateKeyedStore<long>(new KeyedStateContext("job", "a", 0, 1, 256));

        var error = Assert.Throws<CheckpointException>(() => reader.RestoreKeyedState(store));

        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
        Assert.Contains("max parallelism back to 128", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_WithASubtaskMissing_IsRefusedNamingIt_AndTheCheckpointStaysInvisible()
    {
        using var dir = new TempDirectory();
        using CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path));
        using CheckpointWriter writer = storage.BeginCheckpoint(1, "InMemory");
        writer.AddSourcePosition("source", 1, 3, [1]);

        var error = Assert.Throws<CheckpointException>(writer.Complete);

        Assert.Contains("operator 'source' (parallelism 3) has nothing from subtask(s) 0, 2", error.Message, StringComparison.Ordinal);
        Assert.Empty(storage.Checkpoints);
        Assert.False(File.Exists(Path.Combine(dir.Path, "chk-1", "manifest.json")));
        writer.AddSourcePosition("source", 0, 3, [0]);
        writer.AddSourcePosition("source", 2, 3, [2]);
        Assert.Equal(1, writer.Complete().CheckpointId);
    }

    [Fact]
    public void SameSubtaskTwice_OrAnotherParallelism_IsRefused()
    {
        using var dir = new TempDirectory();
        using CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path));
        using CheckpointWriter writer = storage.BeginCheckpoint(1, "InMemory");
        using var store = InMemoryStateBackend.Instance.CreateKeyedStore<long>(CheckpointData.Context("a", 0, 2));
        writer.WriteKeyedState(store.Context, store.TakeSnapshot());

        Assert.Contains("was added already", Assert.Throws<CheckpointException>(() => writer.WriteKeyedState(store.Context, store.TakeSnapshot())).Message, StringComparison.Ordinal);
        using var other = InMemoryStateBackend.Instance.CreateKeyedStore<long>(CheckpointData.Context("a", 0, 3));
        Assert.Contains("reports parallelism 3", Assert.Throws<CheckpointException>(() => writer.WriteKeyedState(other.Context, other.TakeSnapshot())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_WithoutComplete_RemovesTheFolder_AndTheIdStaysUsed()
    {
        using var dir = new TempDirectory();
        using CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path));
        using (CheckpointWriter writer = storage.BeginCheckpoint(5, "InMemory"))
        {
            CheckpointData.WriteOperator(writer, "a", 2, 100, static k => k);
        }

        Assert.False(Directory.Exists(Path.Combine(dir.Path, "chk-5")));
        Assert.Equal(6, storage.NextCheckpointId);
        Assert.Throws<CheckpointException>(() => storage.BeginCheckpoint(5, "InMemory"));
        Assert.Null(storage.OpenLatest(CheckpointData.Restore()));
    }

    [Fact]
    public void Open_ADirectoryInUse_IsRefused_UntilTheFirstIsDisposed()
    {
        using var dir = new TempDirectory();
        CheckpointStorage first = CheckpointStorage.Open(CheckpointData.Options(dir.Path));

        var error = Assert.Throws<CheckpointException>(() => CheckpointStorage.Open(CheckpointData.Options(dir.Path)));

        Assert.Contains("in use by another CheckpointStorage", error.Message, StringComparison.Ordinal);
        first.Dispose();
        CheckpointStorage.Open(CheckpointData.Options(dir.Path)).Dispose();
    }

    [Fact]
    public void Open_ADirectoryOfAnotherJob_IsRefused()
    {
        using var dir = new TempDirectory();
        using (CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path)))
        {
            CheckpointData.WriteSimple(storage);
        }

        var error = Assert.Throws<CheckpointException>(() => CheckpointStorage.Open(new CheckpointStorageOptions(dir.Path, "other-job")));

        Assert.Contains("this storage is for job 'other-job'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_ListsOperatorsSubtasksKeyGroupsSizesRatioAndStatus()
    {
        using var dir = new TempDirectory();
        using CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path));
        CheckpointData.WriteSimple(storage, keys: 4000);

        CheckpointInspection inspection = CheckpointInspection.Inspect(Path.Combine(dir.Path, "chk-1"));

        Assert.True(inspection.IsValid);
        Assert.Equal(4, inspection.Files.Count);
        Assert.Equal([("a", 0, 0, 64), ("a", 1, 64, 64), ("b", 0, 0, 64), ("b", 1, 64, 64)],
            inspection.Files.Select(f => (f.OperatorUid, f.Subtask, f.KeyGroupStart, f.KeyGroupCount)));
        Assert.Equal(inspection.Files.Sum(f => f.File.RawSize), inspection.RawSize);
        Assert.Equal(inspection.StoredSize, inspection.OwnStoredSize);
        Assert.True(inspection.CompressionRatio > 1);
        var report = new StringWriter();
        inspection.WriteReport(report);
        string text = report.ToString();
        Assert.Contains("checkpoint 1 of job 'job'", text, StringComparison.Ordinal);
        Assert.Contains("operator 'a': parallelism 2, max parallelism 128", text, StringComparison.Ordinal);
        Assert.Contains("subtask 1: key groups [64, 128)", text, StringComparison.Ordinal);
        Assert.Contains("all checksums valid", text, StringComparison.Ordinal);
        Assert.Contains("position 8 bytes", text, StringComparison.Ordinal);
    }

    [Fact]
    public void StateFiles_AreStandardLz4Frames_ThatDecodeToTheCanonicalSnapshot()
    {
        using var dir = new TempDirectory();
        using CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(dir.Path));
        CheckpointManifest manifest = CheckpointData.WriteSimple(storage);
        StateFileManifest file = manifest.Operators[0].Subtasks[0].KeyedState!;

        using var decoded = K4os.Compression.LZ4.Streams.LZ4Stream.Decode(File.OpenRead(Path.Combine(dir.Path, "chk-1", file.Path)));
        var raw = new MemoryStream();
        decoded.CopyTo(raw);

        Assert.Equal(file.RawSize, raw.Length);
        Assert.Equal(file.RawChecksum, System.IO.Hashing.XxHash64.HashToUInt64(raw.ToArray()).ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("HFKS", Encoding.ASCII.GetString(raw.ToArray(), 0, 4));
    }
}
