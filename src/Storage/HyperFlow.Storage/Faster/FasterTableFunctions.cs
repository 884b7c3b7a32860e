using System.Runtime.CompilerServices;
using FASTER.core;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// The FASTER callbacks of a <see cref="FasterTable{TKey, TValue, TInput, TUpdater}"/>. A struct
/// type argument of the session, so FASTER's calls into it are direct and the updater's fold
/// (<c>default(TUpdater)</c>) is inlined into the update path.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The stored value type.</typeparam>
/// <typeparam name="TInput">The updater's input type.</typeparam>
/// <typeparam name="TUpdater">How an input is folded into a value.</typeparam>
internal readonly struct FasterTableFunctions<TKey, TValue, TInput, TUpdater>
    : IFunctions<TKey, TValue, FasterCommand<TValue, TInput>, TValue, Empty>
    where TKey : notnull
    where TValue : struct
    where TInput : struct
    where TUpdater : struct, IValueUpdater<TValue, TInput>
{
    private readonly FasterSessionState<TValue> _state;

    public FasterTableFunctions(FasterSessionState<TValue> state) => _state = state;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool SingleReader(ref TKey key, ref FasterCommand<TValue, TInput> input, ref TValue value, ref TValue dst, ref ReadInfo readInfo)
    {
        dst = value;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool ConcurrentReader(ref TKey key, ref FasterCommand<TValue, TInput> input, ref TValue value, ref TValue dst, ref ReadInfo readInfo)
    {
        dst = value;
        return true;
    }

    public void ReadCompletionCallback(ref TKey key, ref FasterCommand<TValue, TInput> input, ref TValue output, Empty ctx, Status status, RecordMetadata recordMetadata)
    {
        _state.Outstanding--;
        _state.Faulted += status.IsFaulted ? 1 : 0;
        _state.ReadFound = status.Found;
        _state.ReadOutput = status.Found ? output : default;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool NeedInitialUpdate(ref TKey key, ref FasterCommand<TValue, TInput> input, ref TValue output, ref RMWInfo rmwInfo) =>
        input.Kind != FasterCommandKind.Delete;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool InitialUpdater(ref TKey key, ref FasterCommand<TValue, TInput> input, ref TValue value, ref TValue output, ref RMWInfo rmwInfo)
    {
        value = input.Kind == FasterCommandKind.Set ? input.Value : default(TUpdater).Initial(in input.Input);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PostInitialUpdater(ref TKey key, ref FasterCommand<TValue, TInput> input, ref TValue value, ref TValue output, ref RMWInfo rmwInfo) =>
        _state.Entries++;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool NeedCopyUpdate(ref TKey key, ref FasterCommand<TValue, TInput> input, ref TValue oldValue, ref TValue output, ref RMWInfo rmwInfo) => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool CopyUpdater(ref TKey key, ref FasterCommand<TValue, TInput> input, ref TValue oldValue, ref TValue newValue, ref TValue output, ref RMWInfo rmwInfo)
    {
        switch (input.Kind)
        {
            case FasterCommandKind.Update:
                newValue = oldValue;
                default(TUpdater).Update(ref newValue, in input.Input);
                return true;
            case FasterCommandKind.Set:
                newValue = input.Value;
                return true;
            default:
                // The key's record is read-only or on disk: FASTER appends a tombstone in its place.
                rmwInfo.Action = RMWAction.ExpireAndStop;
                return false;
        }
    }

    public void PostCopyUpdater(ref TKey key, ref FasterCommand<TValue, TInput> input, ref TValue oldValue, ref TValue newValue, ref TValue output, ref RMWInfo rmwInfo)
    {
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool InPlaceUpdater(ref TKey key, ref FasterCommand<TValue, TInput> input, ref TValue value, ref TValue output, ref RMWInfo rmwInfo)
    {
        switch (input.Kind)
        {
            case FasterCommandKind.Update:
                default(TUpdater).Update(ref value, in input.Input);
                return true;
            case FasterCommandKind.Set:
                value = input.Value;
                return true;
            default:
                // Not expired in place: FASTER 2.6.5 does not mark a record expired in place as dirty, so an
                // incremental snapshot would miss the delete. Declining sends it to CopyUpdater, which
                // appends a tombstone that every later snapshot sees.
                return false;
        }
    }

    public void RMWCompletionCallback(ref TKey key, ref FasterCommand<TValue, TInput> input, ref TValue output, Empty ctx, Status status, RecordMetadata recordMetadata)
    {
        _state.Outstanding--;
        _state.Faulted += status.IsFaulted ? 1 : 0;
        if (input.Kind == FasterCommandKind.Delete)
        {
            _state.DeleteFound = status.Found;
            if (status.Found)
            {
                _state.Entries--;
            }
        }
    }

    // Writes never use FASTER's Upsert and Delete (they are read-modify-writes, see FasterCommand);
    // these only serve FASTER's own copies of records (e.g. compaction), which move values as they are.
    public bool SingleWriter(ref TKey key, ref FasterCommand<TValue, TInput> input, ref TValue src, ref TValue dst, ref TValue output, ref UpsertInfo upsertInfo, WriteReason reason)
    {
        dst = src;
        return true;
    }

    public void PostSingleWriter(ref TKey key, ref FasterCommand<TValue, TInput> input, ref TValue src, ref TValue dst, ref TValue output, ref UpsertInfo upsertInfo, WriteReason reason)
    {
    }

    public bool ConcurrentWriter(ref TKey key, ref FasterCommand<TValue, TInput> input, ref TValue src, ref TValue dst, ref TValue output, ref UpsertInfo upsertInfo)
    {
        dst = src;
        return true;
    }

    public bool SingleDeleter(ref TKey key, ref TValue value, ref DeleteInfo deleteInfo) => true;

    public void PostSingleDeleter(ref TKey key, ref DeleteInfo deleteInfo)
    {
    }

    public bool ConcurrentDeleter(ref TKey key, ref TValue value, ref DeleteInfo deleteInfo) => true;

    // Blittable keys and values own no resources: nothing to dispose when FASTER abandons a record.
    public void DisposeSingleWriter(ref TKey key, ref FasterCommand<TValue, TInput> input, ref TValue src, ref TValue dst, ref TValue output, ref UpsertInfo upsertInfo, WriteReason reason)
    {
    }

    public void DisposeCopyUpdater(ref TKey key, ref FasterCommand<TValue, TInput> input, ref TValue oldValue, ref TValue newValue, ref TValue output, ref RMWInfo rmwInfo)
    {
    }

    public void DisposeInitialUpdater(ref TKey key, ref FasterCommand<TValue, TInput> input, ref TValue value, ref TValue output, ref RMWInfo rmwInfo)
    {
    }

    public void DisposeSingleDeleter(ref TKey key, ref TValue value, ref DeleteInfo deleteInfo)
    {
    }

    public void DisposeDeserializedFromDisk(ref TKey key, ref TValue value)
    {
    }

    public void CheckpointCompletionCallback(int sessionID, string sessionName, CommitPoint commitPoint)
    {
    }
}
