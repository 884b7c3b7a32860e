using System.Runtime.CompilerServices;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Faster;

/// <summary>The keyed state of one operator subtask in FASTER; see <see cref="FasterStateBackend"/>.</summary>
/// <typeparam name="TKey">The key type; must have no object references.</typeparam>
public sealed class FasterKeyedStateStore<TKey> : KeyedStateStore<TKey>
    where TKey : notnull
{
    private readonly FasterStoreOptions _options;
    private readonly string _root;
    private readonly List<IFasterStateTable> _tables = [];

    /// <summary>Creates an empty store in a fresh folder under <see cref="FasterStoreOptions.Directory"/>.</summary>
    /// <param name="context">The operator subtask the store belongs to.</param>
    /// <param name="options">The settings of every state's FASTER store.</param>
    /// <exception cref="StateException">The key type holds object references.</exception>
    public FasterKeyedStateStore(KeyedStateContext context, FasterStoreOptions options)
        : base(context)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (RuntimeHelpers.IsReferenceOrContainsReferences<TKey>())
        {
            throw new StateException(
                $"The FASTER state backend cannot hold the keyed state of {context.Describe()}: its key type {typeof(TKey)} holds object references. Key by a long, int, Guid or another struct without references, or use the InMemory backend.");
        }

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
        RequireBlittable<T>(descriptor);
        return descriptor.Ttl is null
            ? new FasterValueState<TKey, T, PlainCell<T>>(Add(new FasterStateTable<TKey, T, PlainCell<T>, PlainCell<T>, ReplaceUpdater<PlainCell<T>>>(this, descriptor, OptionsFor(descriptor))))
            : new FasterValueState<TKey, T, TtlCell<T>>(Add(new FasterStateTable<TKey, T, TtlCell<T>, TtlCell<T>, ReplaceUpdater<TtlCell<T>>>(this, descriptor, OptionsFor(descriptor))));
    }

    private protected override ReducingState<T> CreateReducingState<T, TReduce>(ReducingStateDescriptor<T, TReduce> descriptor)
    {
        RequireBlittable<T>(descriptor);
        return descriptor.Ttl is null
            ? new FasterReducingState<TKey, T, TReduce, PlainCell<T>>(Add(new FasterStateTable<TKey, T, PlainCell<T>, FasterFoldInput<T>, ReduceUpdater<T, TReduce, PlainCell<T>>>(this, descriptor, OptionsFor(descriptor))))
            : new FasterReducingState<TKey, T, TReduce, TtlCell<T>>(Add(new FasterStateTable<TKey, T, TtlCell<T>, FasterFoldInput<T>, ReduceUpdater<T, TReduce, TtlCell<T>>>(this, descriptor, OptionsFor(descriptor))));
    }

    private protected override AggregatingState<TIn, TOut> CreateAggregatingState<TIn, TAcc, TOut, TAggregate>(AggregatingStateDescriptor<TIn, TAcc, TOut, TAggregate> descriptor)
    {
        RequireBlittable<TAcc>(descriptor);
        RequireBlittable<TIn>(descriptor);
        return descriptor.Ttl is null
            ? new FasterAggregatingState<TKey, TIn, TAcc, TOut, TAggregate, PlainCell<TAcc>>(
                Add(new FasterStateTable<TKey, TAcc, PlainCell<TAcc>, FasterFoldInput<TIn>, AggregateUpdater<TIn, TAcc, TOut, TAggregate, PlainCell<TAcc>>>(this, descriptor, OptionsFor(descriptor))))
            : new FasterAggregatingState<TKey, TIn, TAcc, TOut, TAggregate, TtlCell<TAcc>>(
                Add(new FasterStateTable<TKey, TAcc, TtlCell<TAcc>, FasterFoldInput<TIn>, AggregateUpdater<TIn, TAcc, TOut, TAggregate, TtlCell<TAcc>>>(this, descriptor, OptionsFor(descriptor))));
    }

    private protected override ListState<T> CreateListState<T>(ListStateDescriptor<T> descriptor) => throw Unsupported(descriptor);

    private protected override MapState<TUserKey, TUserValue> CreateMapState<TUserKey, TUserValue>(MapStateDescriptor<TUserKey, TUserValue> descriptor) => throw Unsupported(descriptor);

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

    private void RequireBlittable<T>(StateDescriptor descriptor)
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            throw new StateException(
                $"The FASTER state backend cannot hold state '{descriptor.Name}' of {Context.Describe()}: its type {typeof(T)} holds object references, and this version stores only types without references (unmanaged structs) in FASTER. Use such a type, or the InMemory backend.");
        }
    }

    private StateException Unsupported(StateDescriptor descriptor) => new(
        $"The FASTER state backend does not hold {descriptor.Kind} state yet (state '{descriptor.Name}' of {Context.Describe()}); it holds value, reducing and aggregating state. Use the InMemory backend for this operator's job.");
}
