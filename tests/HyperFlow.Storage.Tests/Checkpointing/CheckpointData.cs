using HyperFlow.Storage.Checkpointing;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Tests.Checkpointing;

/// <summary>Keyed state written into checkpoints and read back, shared by the checkpoint tests.</summary>
internal static class CheckpointData
{
    public const string Job = "job";
    public const int MaxParallelism = 128;

    public static readonly ValueStateDescriptor<long> Value = new("value");

    public static KeyedStateContext Context(string uid, int subtask, int parallelism) => new(Job, uid, subtask, parallelism, MaxParallelism);

    public static CheckpointStorageOptions Options(string directory, int retained = 3, ListLogger? logger = null)
        => new(directory, Job) { RetainedCheckpoints = retained, Logger = logger };

    /// <summary>Writes an operator's keyed state at a parallelism: keys [0, keys), each with <paramref name="value"/> of the key, in the subtask owning it.</summary>
    public static void WriteOperator(CheckpointWriter writer, string uid, int parallelism, int keys, Func<long, long> value)
    {
        for (int subtask = 0; subtask < parallelism; subtask++)
        {
            using KeyedStateStore<long> store = InMemoryStateBackend.Instance.CreateKeyedStore<long>(Context(uid, subtask, parallelism));
            ValueState<long> state = store.GetValueState(Value);
            for (long key = 0; key < keys; key++)
            {
                ulong hash = KeyHash.Of(key);
                if (store.Context.Owns(KeyGroups.Of(hash, MaxParallelism)))
                {
                    store.SetCurrentKey(key, hash);
                    state.Update(value(key));
                }
            }

            writer.WriteKeyedState(store.Context, store.TakeSnapshot());
        }
    }

    /// <summary>Restores an operator into stores of a parallelism and collects every key's value; a key restored twice fails the test.</summary>
    public static Dictionary<long, long> RestoreOperator(CheckpointReader reader, string uid, int parallelism, int keys)
    {
        var seen = new Dictionary<long, long>();
        for (int subtask = 0; subtask < parallelism; subtask++)
        {
            using KeyedStateStore<long> store = InMemoryStateBackend.Instance.CreateKeyedStore<long>(Context(uid, subtask, parallelism));
            reader.RestoreKeyedState(store);
            ValueState<long> state = store.GetValueState(Value);
            for (long key = 0; key < keys; key++)
            {
                ulong hash = KeyHash.Of(key);
                store.SetCurrentKey(key, hash);
                if (state.TryGet(out long value))
                {
                    Assert.True(store.Context.Owns(KeyGroups.Of(hash, MaxParallelism)), $"key {key} restored into subtask {subtask}, which does not own it");
                    Assert.True(seen.TryAdd(key, value), $"key {key} restored twice");
                }
            }
        }

        return seen;
    }

    /// <summary>A complete checkpoint of two operators × two subtasks, values <c>key * 10 + id</c>, and a source position holding the id.</summary>
    public static CheckpointManifest WriteSimple(CheckpointStorage storage, int keys = 200)
    {
        long id = storage.NextCheckpointId;
        using CheckpointWriter writer = storage.BeginCheckpoint(id, "InMemory");
        WriteOperator(writer, "a", 2, keys, k => (k * 10) + id);
        WriteOperator(writer, "b", 2, keys, k => (k * 10) + id);
        writer.AddSourcePosition("source", 0, 1, BitConverter.GetBytes(id));
        return writer.Complete();
    }

    public static CheckpointRestoreOptions Restore(params string[] uids) => new(uids.Length == 0 ? ["a", "b", "source"] : uids);

    /// <summary>A FASTER-like checkpoint over files the test made: each content becomes one file of <paramref name="directory"/>.</summary>
    public static FasterCheckpoint FakeFaster(string directory, params byte[][] contents)
    {
        Directory.CreateDirectory(directory);
        var files = new List<FasterCheckpointFile>();
        for (int i = 0; i < contents.Length; i++)
        {
            string relative = $"segments/file-{i}.dat";
            string path = Path.Combine(directory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, contents[i]);
            files.Add(new FasterCheckpointFile(path, relative, contents[i].Length));
        }

        return new FasterCheckpoint(FasterCheckpointKind.Full, Guid.NewGuid(), Guid.NewGuid(), 1, 0, contents.Sum(static c => (long)c.Length), directory, files);
    }

    /// <summary>The state name the tests package FASTER checkpoints under.</summary>
    public const string FasterState = "s";

    /// <summary>A FASTER checkpoint as one state's native checkpoint, as a FASTER store hands it over.</summary>
    public static FasterStateCheckpoint State(FasterCheckpoint checkpoint, string name = FasterState) => new(name, StateKind.Value, "test", checkpoint);

    /// <summary>Deterministic, moderately compressible bytes: the seed picks the content.</summary>
    public static byte[] Content(int seed, int length = 20_000)
    {
        var random = new Random(seed);
        byte[] bytes = new byte[length];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(random.Next(4) == 0 ? random.Next(256) : i % 7);
        }

        return bytes;
    }

    /// <summary>Every state file under the checkpoint folders (manifests and the lock left out), as paths relative to the directory.</summary>
    public static SortedSet<string> StateFilesOnDisk(string directory)
        => new(Directory.EnumerateFiles(directory, "*.lz4", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/')), StringComparer.Ordinal);

    /// <summary>Flips one bit in the middle of a file.</summary>
    public static void FlipByte(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(path, bytes);
    }
}
