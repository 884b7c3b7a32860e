using HyperFlow.Storage.Checkpointing;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;

// Writes checkpoints into the directory given as the first argument until it is killed (the crash
// test sends SIGKILL at a random point) or has written the bounded number. Every checkpoint holds
// CrashCheckpoint.Operators keyed operators of two subtasks, each key's value being the checkpoint id,
// and a source with many subtasks whose positions name the id and the subtask: the test checks exactly that.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: HyperFlow.Storage.CrashWriter <checkpoint directory>");
    return 2;
}

Console.WriteLine("ready");
using CheckpointStorage storage = CheckpointStorage.Open(new CheckpointStorageOptions(args[0], CrashCheckpoint.Job) { RetainedCheckpoints = 2 });
for (int written = 0; written < CrashCheckpoint.MaxCheckpoints; written++)
{
    long id = storage.NextCheckpointId;
    using CheckpointWriter writer = storage.BeginCheckpoint(id, "InMemory");
    for (int op = 0; op < CrashCheckpoint.Operators; op++)
    {
        for (int subtask = 0; subtask < 2; subtask++)
        {
            using KeyedStateStore<long> store = InMemoryStateBackend.Instance.CreateKeyedStore<long>(
                new KeyedStateContext(CrashCheckpoint.Job, CrashCheckpoint.OperatorUid(op), subtask, 2, KeyGroups.DefaultMaxParallelism));
            ValueState<long> value = store.GetValueState(new ValueStateDescriptor<long>("value"));
            for (long key = 0; key < CrashCheckpoint.Keys; key++)
            {
                ulong hash = KeyHash.Of(key);
                if (store.Context.Owns(KeyGroups.Of(hash, KeyGroups.DefaultMaxParallelism)))
                {
                    store.SetCurrentKey(key, hash);
                    value.Update(id);
                }
            }

            writer.WriteKeyedState(store.Context, store.TakeSnapshot());
        }
    }

    // Many source subtasks make the manifest large (tens of KB), so kills often land while it is written.
    for (int subtask = 0; subtask < CrashCheckpoint.SourceParallelism; subtask++)
    {
        writer.AddSourcePosition(CrashCheckpoint.SourceUid, subtask, CrashCheckpoint.SourceParallelism, CrashCheckpoint.Position(id, subtask));
    }

    writer.Complete();
    Console.WriteLine("complete " + id);
}

return 0;

/// <summary>What the crash writer writes, shared with the test that checks it.</summary>
public static class CrashCheckpoint
{
    public const string Job = "crash";
    public const string SourceUid = "source";
    public const int Operators = 2;
    public const int Keys = 100;
    public const int MaxCheckpoints = 100_000;
    public const int SourceParallelism = 2048;

    public static string OperatorUid(int index) => "op-" + index;

    /// <summary>A source subtask's position: the checkpoint id and the subtask, padded to 48 bytes.</summary>
    public static byte[] Position(long checkpointId, int subtask)
    {
        byte[] position = new byte[48];
        BitConverter.TryWriteBytes(position, checkpointId);
        BitConverter.TryWriteBytes(position.AsSpan(8), subtask);
        return position;
    }
}
