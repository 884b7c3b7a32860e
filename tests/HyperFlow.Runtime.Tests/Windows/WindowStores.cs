using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;

namespace HyperFlow.Runtime.Tests.Windows;

/// <summary>Creates window operator stores, fresh or restored from a snapshot, as the engine would.</summary>
internal static class WindowStores
{
    public static KeyedStateStore<TStateKey> Create<TStateKey>(IStateBackend backend, byte[]? restoreFrom = null, string operatorUid = "window", TimeProvider? clock = null)
        where TStateKey : notnull
    {
        var context = new KeyedStateContext("job", operatorUid, 0, 1, KeyGroups.DefaultMaxParallelism) { Clock = clock ?? TimeProvider.System };
        KeyedStateStore<TStateKey> store = backend.CreateKeyedStore<TStateKey>(context);
        if (restoreFrom is not null)
        {
            store.Restore([new MemoryStream(restoreFrom)]);
        }

        return store;
    }

    public static byte[] Snapshot(KeyedStateStore store)
    {
        var bytes = new MemoryStream();
        store.WriteSnapshot(bytes);
        return bytes.ToArray();
    }
}
