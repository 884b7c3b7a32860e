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
/// </remarks>
/// <typeparam name="TKey">The key type: any type <see cref="StateSerializers"/> serializes and <see cref="Keys.KeyHash"/> hashes.</typeparam>
public sealed class FasterKeyedStateStore<TKey> : KeyedStateStore<TKey>
    where TKey : notnull
{
    private readonly FasterStoreOptions _options;
    private readonly string _root;
    private readonly List<IFasterStateTable> _tables = [];

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
            ? new FasterValueState<TKey, T, PlainCell<T>>(Add(new FasterStateTable<TKey, T, PlainCell<T>, PlainCell<T>, ReplaceUpdater<PlainCell<T>>>(this, descriptor, OptionsFor(descriptor))))
            : new FasterValueState<TKey, T, TtlCell<T>>(Add(new FasterStateTable<TKey, T, TtlCell<T>, TtlCell<T>, ReplaceUpdater<TtlCell<T>>>(this, descriptor, OptionsFor(descriptor))));
    }

    private protected override ReducingState<T> CreateReducingState<T, TReduce>(ReducingStateDescriptor<T, TReduce> descriptor)
    {
        if (!Blittable<T>())
        {
            IStateSerializer<T> values = StateSerializers.For<T>();
            return new FasterBytesReducingState<TKey, T, TReduce>(AddBytes(descriptor, new ReduceBytesFold<T, TReduce>(values)), values);
        }

        return descriptor.Ttl is null
            ? new FasterReducingState<TKey, T, TReduce, PlainCell<T>>(Add(new FasterStateTable<TKey, T, PlainCell<T>, FasterFoldInput<T>, ReduceUpdater<T, TReduce, PlainCell<T>>>(this, descriptor, OptionsFor(descriptor))))
            : new FasterReducingState<TKey, T, TReduce, TtlCell<T>>(Add(new FasterStateTable<TKey, T, TtlCell<T>, FasterFoldInput<T>, ReduceUpdater<T, TReduce, TtlCell<T>>>(this, descriptor, OptionsFor(descriptor))));
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
                Add(new FasterStateTable<TKey, TAcc, PlainCell<TAcc>, FasterFoldInput<TIn>, AggregateUpdater<TIn, TAcc, TOut, TAggregate, PlainCell<TAcc>>>(this, descriptor, OptionsFor(descriptor))))
            : new FasterAggregatingState<TKey, TIn, TAcc, TOut, TAggregate, TtlCell<TAcc>>(
                Add(new FasterStateTable<TKey, TAcc, TtlCell<TAcc>, FasterFoldInput<TIn>, AggregateUpdater<TIn, TAcc, TOut, TAggregate, TtlCell<TAcc>>>(this, descriptor, OptionsFor(descriptor))));
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

    private TTable Add<TTable>(TTable table)
        where TTable : IFasterStateTable
    {
        _tables.Add(table);
        return table;
    }

    private FasterBytesStateTable<TKey, TFold> AddBytes<TFold>(StateDescriptor descriptor, TFold fold)
        where TFold : struct, IFasterBytesFold
        => Add(new FasterBytesStateTable<TKey, TFold>(this, descriptor, OptionsFor(descriptor), fold));

    private FasterStoreOptions OptionsFor(StateDescriptor descriptor) => new()
    {
        Directory = Path.Combine(_root, Safe(descriptor.Name)),
        MemoryBudgetBytes = _options.MemoryBudgetBytes,
        PageSizeBytes = _options.PageSizeBytes,
        SegmentSizeBytes = _options.SegmentSizeBytes,
        IndexBuckets = _options.IndexBuckets,
        MutableFraction = _options.MutableFraction,
        MaxPendingOperations = _options.MaxPendingOperations,
        EpochRefreshInterval = _options.EpochRefreshInterval,
        DeleteFilesOnDispose = true,
    };
}
