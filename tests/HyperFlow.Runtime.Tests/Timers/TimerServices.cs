using HyperFlow.Storage.Faster;
using HyperFlow.Storage.InMemory;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;
using HyperFlow.Timers;

namespace HyperFlow.Runtime.Tests.Timers;

/// <summary>Creates timer services over a backend, fresh or restored from snapshots, as the engine would.</summary>
internal static class TimerServices
{
    public const int MaxParallelism = KeyGroups.DefaultMaxParallelism;

    public static TheoryData<string> Backends => ["InMemory", "Faster"];

    public static IStateBackend Backend(string name, string directory) => name switch
    {
        "InMemory" => InMemoryStateBackend.Instance,
        // A small log (4 pages of 4 KiB): with a few hundred timers part of the state goes to disk.
        "Faster" => new FasterStateBackend(new FasterStoreOptions
        {
            Directory = directory,
            PageSizeBytes = 4096,
            MemoryBudgetBytes = 16 * 1024,
            SegmentSizeBytes = 64 * 1024,
            IndexBuckets = 1 << 10,
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown backend."),
    };

    public static TimerService<TKey, TestWindow> Create<TKey>(IStateBackend backend, int subtask = 0, int parallelism = 1, IEnumerable<byte[]>? restoreFrom = null)
        where TKey : notnull
        => new(() =>
        {
            var context = new KeyedStateContext("job", "op-timers", subtask, parallelism, MaxParallelism);
            KeyedStateStore<TimerKey<TKey, TestWindow>> store = backend.CreateKeyedStore<TimerKey<TKey, TestWindow>>(context);
            if (restoreFrom is not null)
            {
                store.Restore(restoreFrom.Select(static bytes => new MemoryStream(bytes)));
            }

            return store;
        });

    public static byte[] Snapshot<TKey, TNamespace>(TimerService<TKey, TNamespace> service)
        where TKey : notnull
        where TNamespace : unmanaged, IEquatable<TNamespace>
    {
        var bytes = new MemoryStream();
        service.Store.WriteSnapshot(bytes);
        return bytes.ToArray();
    }

    /// <summary>Whether the subtask owns the key's key group.</summary>
    public static bool Owns<TKey>(int subtask, int parallelism, TKey key)
        where TKey : notnull
        => KeyGroups.OwnerOf(KeyGroups.Of(KeyHash.Of(key), MaxParallelism), MaxParallelism, parallelism) == subtask;
}
