using System.Runtime.CompilerServices;
using HyperFlow.Storage.Serialization;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Faster;

/// <summary>The keyed state of one operator subtask in FASTER; see <see cref="FasterStateBackend"/>.</summary>
/// <remarks>
/// Each state gets its own FASTER store. A value, reducing or aggregating state whose key and value
/// types (for aggregating state also the input type) have no object references is stored raw on
/// FASTER's blittable log, updated in place without serialization; any other state (types with
/// references, and every list and map state) is stored as bytes on FASTER's variable-length log:
/// the key as its canonical snapshot bytes (<see cref="KeyedStateStore{TKey}"/>'s key serializer)
/// and the value serialized with <see cref="StateSerializers.For{T}"/>.
/// <para>Costs of the serialized states: a write serializes its operand into a reused buffer and is
/// one FASTER read-modify-write (a reduce or aggregate deserializes the stored value, folds and
/// serializes it back inside it); a read copies the value's bytes out and deserializes them. A list
/// or map is one record per key: an append or put updates it in place while the record is in the
/// log's mutable part and has room (records grow by half again when copied), otherwise FASTER copies
/// the whole list or map to the log's tail; reading a list or a map's entries deserializes all of
/// it, a map lookup only the value found. A list or map must fit in one log page
/// (<see cref="FasterStoreOptions.PageSizeBytes"/>); a write that would outgrow it, or whose value
/// cannot be serialized, throws a <see cref="StateException"/> naming the state and operator.</para>
/// <para>Checkpoints (<see cref="IFasterCheckpointedStore"/>): one FASTER checkpoint per state, incremental
/// while the log has not flushed a page since the last full one, packaged into the job's checkpoint on
/// another thread; a state restored from one but never registered is carried into the next checkpoint as
/// it was restored (its files re-packaged, shared with the checkpoint it came from). A canonical snapshot
/// (<see cref="KeyedStateStore.TakeSnapshot"/>: savepoints) cannot hold such a state without its types,
/// and throws instead of dropping it.</para>
/// </remarks>
/// <typeparam name="TKey">The key type: any type <see cref="StateSerializers"/> serializes and <see cref="Keys.KeyHash"/> hashes.</typeparam>
public sealed class FasterKeyedStateStore<TKey> : KeyedStateStore<TKey>, IFasterCheckpointedStore
    where TKey : notnull
{
    private readonly FasterStoreOptions _options;
    private readonly string _root;
    private readonly List<IFasterStateTable> _tables = [];

    // Native checkpoints restored for states not registered yet, by state name.
    private readonly Dictionary<string, FasterStateCheckpoint> _restoredNative = new(StringComparer.Ordinal);

    // Serializes checkpoints with the release of their files (the snapshot writer's thread).
    private readonly Lock _checkpointLock = new();

    // The checkpoint tokens of each state whose directories are on disk, with how many checkpoints still
    // being packaged use each: a token no checkpoint uses and its table no longer builds on is deleted.
    private readonly Dictionary<string, Dictionary<(Guid Token, bool Index), int>> _tokens = new(StringComparer.Ordinal);

    /// <summary>Creates an empty store in a fresh folder under <see cref="FasterStoreOptions.Directory"/>.</summary>
    /// <param name="context">The operator subtask the store belongs to.</param>
    /// <param name="options">The settings of every state's FASTER store.</param>
    public FasterKeyedStateStore(KeyedStateContext context, FasterStoreOptions options)
        : base(context)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _root = Path.Combine(options.Directory, Safe(context.JobName), $"{Safe(context.OperatorUid)}-{context.Subtask}-{Guid.NewGuid():N}");
    }

    /// <inheritdoc />
    public override StateStatistics Statistics
    {
        get
        {
            (long entries, long bytes) = Unclaimed;
            long pending = 0;
            foreach (IFasterStateTable table in _tables)
            {
                entries += table.Entries;
                bytes += table.SizeBytes;
                pending += table.Statistics.PendingOperations;
            }

            return new StateStatistics(entries, bytes, Reads, Writes, pending);
        }
    }

    /// <summary>
    /// Operations that had to wait on a disk read since the store was created, over all its states
    /// (each state's <see cref="FasterTableStatistics.PendingTotal"/>): how often the state did not fit
    /// the memory budget where it was needed.
    /// </summary>
    public long PendingTotal => _tables.Sum(static t => t.Statistics.PendingTotal);

    /// <summary>
    /// The entries of FASTER's hash indexes in use, over all its states: one per hash chain, which keys
    /// whose hashes fall in the same bucket with the same tag share (see
    /// <see cref="FasterTable{TKey, TValue, TInput, TUpdater}.IndexEntries"/>). Far fewer than the
    /// entries (<see cref="Statistics"/>) means keys share chains and operations walk them. A
    /// diagnostic: it scans every state's whole index; read it on the store's thread.
    /// </summary>
    public long IndexEntries => _tables.Sum(static t => t.IndexEntries);

    /// <inheritdoc />
    public bool CanCheckpointNatively => _options.NativeCheckpoints && Unclaimed.Entries == 0 && (_tables.Count > 0 || _restoredNative.Count > 0);

    /// <inheritdoc />
    public IReadOnlyList<FasterStateCheckpoint> TakeCheckpoint()
    {
        lock (_checkpointLock)
        {
            var checkpoints = new List<FasterStateCheckpoint>(_tables.Count + _restoredNative.Count);
            foreach (IFasterStateTable table in _tables)
            {
                FasterCheckpoint checkpoint = table.TakeCheckpoint(preferIncremental: true);
                checkpoints.Add(new FasterStateCheckpoint(table.Descriptor.Name, table.Descriptor.Kind, table.Layout, checkpoint));
            }

            // Carried: the files stay as unpacked until the state is registered.
            checkpoints.AddRange(_restoredNative.Values);
            foreach (FasterStateCheckpoint checkpoint in checkpoints)
            {
                Use(checkpoint, +1);
            }

            checkpoints.Sort(static (a, b) => string.CompareOrdinal(a.StateName, b.StateName));
            return checkpoints;
        }
    }

    /// <inheritdoc />
    public void ReleaseCheckpoint(IReadOnlyList<FasterStateCheckpoint> checkpoints)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        lock (_checkpointLock)
        {
            foreach (FasterStateCheckpoint checkpoint in checkpoints)
            {
                Use(checkpoint, -1);
            }

            foreach (IFasterStateTable table in _tables)
            {
                DeleteUnused(table);
            }
        }
    }

    /// <inheritdoc />
    public string StateDirectory(string stateName)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        return Path.GetFullPath(Path.Combine(_root, Safe(stateName)));
    }

    /// <inheritdoc />
    public void RestoreCheckpoints(IReadOnlyList<FasterStateCheckpoint> checkpoints)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        if (_tables.Count > 0 || _restoredNative.Count > 0)
        {
            throw new StateException(
                $"Cannot restore FASTER checkpoints into the keyed state of {Context.Describe()}: it has states {(_tables.Count > 0 ? "registered" : "restored")} already; "
                + "restore once, before the operator opens.");
        }

        foreach (FasterStateCheckpoint checkpoint in checkpoints)
        {
            if (!_restoredNative.TryAdd(checkpoint.StateName, checkpoint))
            {
                throw new StateException($"Cannot restore FASTER checkpoints into the keyed state of {Context.Describe()}: state '{checkpoint.StateName}' is given twice.");
            }

            _tokens.Add(checkpoint.StateName, new() { [(checkpoint.Checkpoint.IndexToken, true)] = 0, [(checkpoint.Checkpoint.LogToken, false)] = 0 });
        }
    }

    /// <inheritdoc />
    public override void BeginBatch()
    {
        foreach (IFasterStateTable table in _tables)
        {
            table.BeginBatch();
        }
    }

    /// <inheritdoc />
    public override void EndBatch()
    {
        foreach (IFasterStateTable table in _tables)
        {
            table.EndBatch();
        }
    }

    /// <summary>A canonical snapshot cannot hold a state restored natively and never registered: its types are unknown.</summary>
    private protected override void OnTakingSnapshot()
    {
        if (_restoredNative.Count > 0)
        {
            throw new StateException(
                $"Cannot take a canonical snapshot (a savepoint) of the keyed state of {Context.Describe()}: state(s) "
                + $"{string.Join(", ", _restoredNative.Keys.Order(StringComparer.Ordinal).Select(static n => $"'{n}'"))} were restored from FASTER checkpoints "
                + "but the operator has not registered them, and FASTER's records cannot be converted without the state's types. Register every state the "
                + "operator had when it opens (or restore without them: rename them), then take the savepoint.");
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (IFasterStateTable table in _tables)
            {
                table.Dispose();
            }

            _tables.Clear();
            if (Directory.Exists(_root))
            {
                Directory.Delete(_root, recursive: true);
            }
        }

        base.Dispose(disposing);
    }

    private protected override ValueState<T> CreateValueState<T>(ValueStateDescriptor<T> descriptor)
    {
        if (!Blittable<T>())
        {
            return new FasterBytesValueState<TKey, T>(AddBytes(descriptor, default(NoBytesFold)));
        }

        return descriptor.Ttl is null
            ? new FasterValueState<TKey, T, PlainCell<T>>(AddRaw<T, PlainCell<T>, PlainCell<T>, ReplaceUpdater<PlainCell<T>>>(descriptor))
            : new FasterValueState<TKey, T, TtlCell<T>>(AddRaw<T, TtlCell<T>, TtlCell<T>, ReplaceUpdater<TtlCell<T>>>(descriptor));
    }

    private protected override ReducingState<T> CreateReducingState<T, TReduce>(ReducingStateDescriptor<T, TReduce> descriptor)
    {
        if (!Blittable<T>())
        {
            IStateSerializer<T> values = StateSerializers.For<T>();
            return new FasterBytesReducingState<TKey, T, TReduce>(AddBytes(descriptor, new ReduceBytesFold<T, TReduce>(values)), values);
        }

        return descriptor.Ttl is null
            ? new FasterReducingState<TKey, T, TReduce, PlainCell<T>>(AddRaw<T, PlainCell<T>, FasterFoldInput<T>, ReduceUpdater<T, TReduce, PlainCell<T>>>(descriptor))
            : new FasterReducingState<TKey, T, TReduce, TtlCell<T>>(AddRaw<T, TtlCell<T>, FasterFoldInput<T>, ReduceUpdater<T, TReduce, TtlCell<T>>>(descriptor));
    }

    private protected override AggregatingState<TIn, TOut> CreateAggregatingState<TIn, TAcc, TOut, TAggregate>(AggregatingStateDescriptor<TIn, TAcc, TOut, TAggregate> descriptor)
    {
        if (!Blittable<TAcc>() || RuntimeHelpers.IsReferenceOrContainsReferences<TIn>())
        {
            IStateSerializer<TIn> inputs = StateSerializers.For<TIn>();
            IStateSerializer<TAcc> accumulators = StateSerializers.For<TAcc>();
            return new FasterBytesAggregatingState<TKey, TIn, TAcc, TOut, TAggregate>(
                AddBytes(descriptor, new AggregateBytesFold<TIn, TAcc, TOut, TAggregate>(inputs, accumulators)), inputs, accumulators);
        }

        return descriptor.Ttl is null
            ? new FasterAggregatingState<TKey, TIn, TAcc, TOut, TAggregate, PlainCell<TAcc>>(
                AddRaw<TAcc, PlainCell<TAcc>, FasterFoldInput<TIn>, AggregateUpdater<TIn, TAcc, TOut, TAggregate, PlainCell<TAcc>>>(descriptor))
            : new FasterAggregatingState<TKey, TIn, TAcc, TOut, TAggregate, TtlCell<TAcc>>(
                AddRaw<TAcc, TtlCell<TAcc>, FasterFoldInput<TIn>, AggregateUpdater<TIn, TAcc, TOut, TAggregate, TtlCell<TAcc>>>(descriptor));
    }

    private protected override ListState<T> CreateListState<T>(ListStateDescriptor<T> descriptor) =>
        new FasterListState<TKey, T>(AddBytes(descriptor, default(NoBytesFold)));

    private protected override MapState<TUserKey, TUserValue> CreateMapState<TUserKey, TUserValue>(MapStateDescriptor<TUserKey, TUserValue> descriptor) =>
        new FasterMapState<TKey, TUserKey, TUserValue>(AddBytes(descriptor, default(NoBytesFold)));

    // Raw records on the blittable log need the key and the value without references (constants per instantiation).
    private static bool Blittable<T>() => !RuntimeHelpers.IsReferenceOrContainsReferences<TKey>() && !RuntimeHelpers.IsReferenceOrContainsReferences<T>();

    private static string Safe(string name)
    {
        char[] invalid = Path.GetInvalidFileNameChars();
        return string.Concat(name.Select(c => invalid.Contains(c) || c == '.' ? '_' : c));
    }

    private FasterStateTable<TKey, T, TCell, TInput, TUpdater> AddRaw<T, TCell, TInput, TUpdater>(StateDescriptor descriptor)
        where TCell : struct, ICell<TCell, T>
        where TInput : struct
        where TUpdater : struct, IValueUpdater<TCell, TInput>
    {
        FasterCheckpoint? restore = Claim(descriptor, FasterStateTable<TKey, T, TCell, TInput, TUpdater>.RawLayout);
        return Add(new FasterStateTable<TKey, T, TCell, TInput, TUpdater>(this, descriptor, OptionsFor(descriptor, restore), restore));
    }

    private FasterBytesStateTable<TKey, TFold> AddBytes<TFold>(StateDescriptor descriptor, TFold fold)
        where TFold : struct, IFasterBytesFold
    {
        FasterCheckpoint? restore = Claim(descriptor, FasterBytesStateTable<TKey, TFold>.BytesLayout);
        return Add(new FasterBytesStateTable<TKey, TFold>(this, descriptor, OptionsFor(descriptor, restore), fold, restore));
    }

    private TTable Add<TTable>(TTable table)
        where TTable : IFasterStateTable
    {
        lock (_checkpointLock)
        {
            _tables.Add(table);
            _restoredNative.Remove(table.Descriptor.Name);
        }

        return table;
    }

    /// <summary>The native checkpoint restored for a state being registered, checked against how it will store its records; <c>null</c> when there is none.</summary>
    private FasterCheckpoint? Claim(StateDescriptor descriptor, string layout)
    {
        if (!_restoredNative.TryGetValue(descriptor.Name, out FasterStateCheckpoint? restored))
        {
            return null;
        }

        if (restored.StateKind != descriptor.Kind || restored.Layout != layout)
        {
            throw new StateException(
                $"State '{descriptor.Name}' of {Context.Describe()} was checkpointed by FASTER as a {restored.StateKind} state stored as '{restored.Layout}', but is now "
                + $"registered as a {descriptor.Kind} state stored as '{layout}' (its kind, types or time to live changed). A FASTER checkpoint restores only into the same "
                + "state: restore from a savepoint (canonical) to change a state's types, or rename the state to start it empty.");
        }

        return restored.Checkpoint;
    }

    /// <summary>Counts a checkpoint in progress in (or out of) the tokens its state's directories are kept for; call it under the checkpoint lock.</summary>
    private void Use(FasterStateCheckpoint checkpoint, int delta)
    {
        if (!_tokens.TryGetValue(checkpoint.StateName, out Dictionary<(Guid Token, bool Index), int>? tokens))
        {
            tokens = [];
            _tokens.Add(checkpoint.StateName, tokens);
        }

        (Guid, bool) index = (checkpoint.Checkpoint.IndexToken, true);
        (Guid, bool) log = (checkpoint.Checkpoint.LogToken, false);
        tokens[index] = tokens.GetValueOrDefault(index) + delta;
        tokens[log] = tokens.GetValueOrDefault(log) + delta;
    }

    /// <summary>Deletes the checkpoint directories of a table that no checkpoint in progress uses and the table no longer builds on; call it under the checkpoint lock.</summary>
    private void DeleteUnused(IFasterStateTable table)
    {
        if (!_tokens.TryGetValue(table.Descriptor.Name, out Dictionary<(Guid Token, bool Index), int>? tokens))
        {
            return;
        }

        foreach (((Guid token, bool index), int users) in tokens.ToList())
        {
            if (users <= 0 && table.DeleteCheckpoint(token, index))
            {
                tokens.Remove((token, index));
            }
        }
    }

    private FasterStoreOptions OptionsFor(StateDescriptor descriptor, FasterCheckpoint? restore) => new()
    {
        // A restored state's files are where its checkpoint was unpacked (its StateDirectory, normally).
        Directory = restore?.Directory ?? StateDirectory(descriptor.Name),
        MemoryBudgetBytes = _options.MemoryBudgetBytes,
        PageSizeBytes = _options.PageSizeBytes,
        SegmentSizeBytes = _options.SegmentSizeBytes,
        IndexBuckets = _options.IndexBuckets,
        MutableFraction = _options.MutableFraction,
        MaxPendingOperations = _options.MaxPendingOperations,
        EpochRefreshInterval = _options.EpochRefreshInterval,
        DeleteFilesOnDispose = true,
        NativeCheckpoints = _options.NativeCheckpoints,
    };
}
