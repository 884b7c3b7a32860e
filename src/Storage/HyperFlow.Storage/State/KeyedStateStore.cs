using System.Runtime.CompilerServices;
using HyperFlow.Storage.Serialization;

namespace HyperFlow.Storage.State;

/// <summary>
/// The keyed state of one operator subtask, in one backend. The engine sets the current key before
/// it calls the operator for a record or timer; state handles act on that key. Handles are created
/// once (when the operator opens) and reused for every record.
/// </summary>
/// <remarks>Not thread-safe: a store belongs to one subtask and is used by its slot thread.</remarks>
/// <typeparam name="TKey">The key type.</typeparam>
public abstract class KeyedStateStore<TKey> : KeyedStateStore
    where TKey : notnull
{
    private readonly Dictionary<string, (StateDescriptor Descriptor, object Handle, IStateTable Table)> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RawState> _restored = new(StringComparer.Ordinal);
    private TKey _currentKey = default!;
    private ulong _currentKeyHash;

    /// <summary>Creates a store.</summary>
    /// <param name="context">The operator subtask the store belongs to.</param>
    protected KeyedStateStore(KeyedStateContext context)
        : base(context)
        => KeySerializer = StateSerializers.For<TKey>();

    /// <summary>The current key: handles read and write its state.</summary>
    public TKey CurrentKey => _currentKey;

    /// <summary>The stable hash of <see cref="CurrentKey"/>.</summary>
    public ulong CurrentKeyHash => _currentKeyHash;

    /// <summary>The states registered so far, by name.</summary>
    public IEnumerable<StateDescriptor> States => _states.Values.Select(s => s.Descriptor);

    /// <summary>Serializes keys in snapshots.</summary>
    internal IStateSerializer<TKey> KeySerializer { get; }

    /// <summary>Reads per operation, maintained by the handles.</summary>
    internal long Reads { get; set; }

    /// <summary>Writes per operation, maintained by the handles.</summary>
    internal long Writes { get; set; }

    /// <summary>The processing time now, in Unix milliseconds (for TTL).</summary>
    internal long Now => Context.Clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Sets the key whose state handles act on.</summary>
    /// <param name="key">The key.</param>
    /// <param name="hash">Its stable hash (<see cref="Keys.KeyHash"/>), usually computed already to route the record.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetCurrentKey(in TKey key, ulong hash)
    {
        _currentKey = key;
        _currentKeyHash = hash;
    }

    /// <summary>Returns the value state of that name, creating it on first use.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="descriptor">The state's name and settings.</param>
    /// <returns>The handle (the same one on every call with the same name).</returns>
    public ValueState<T> GetValueState<T>(ValueStateDescriptor<T> descriptor) => Register(descriptor, CreateValueState);

    /// <summary>Returns the list state of that name, creating it on first use.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="descriptor">The state's name and settings.</param>
    /// <returns>The handle.</returns>
    public ListState<T> GetListState<T>(ListStateDescriptor<T> descriptor) => Register(descriptor, CreateListState);

    /// <summary>Returns the map state of that name, creating it on first use.</summary>
    /// <typeparam name="TUserKey">The map's key type.</typeparam>
    /// <typeparam name="TUserValue">The map's value type.</typeparam>
    /// <param name="descriptor">The state's name and settings.</param>
    /// <returns>The handle.</returns>
    public MapState<TUserKey, TUserValue> GetMapState<TUserKey, TUserValue>(MapStateDescriptor<TUserKey, TUserValue> descriptor)
        where TUserKey : notnull
        => Register(descriptor, CreateMapState);

    /// <summary>Returns the reducing state of that name, creating it on first use.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <typeparam name="TReduce">The reduce function.</typeparam>
    /// <param name="descriptor">The state's name and settings.</param>
    /// <returns>The handle.</returns>
    public ReducingState<T> GetReducingState<T, TReduce>(ReducingStateDescriptor<T, TReduce> descriptor)
        where TReduce : struct, IReduceFunction<T>
        => Register(descriptor, CreateReducingState);

    /// <summary>Returns the aggregating state of that name, creating it on first use.</summary>
    /// <typeparam name="TIn">The input type.</typeparam>
    /// <typeparam name="TAcc">The accumulator type.</typeparam>
    /// <typeparam name="TOut">The result type.</typeparam>
    /// <typeparam name="TAggregate">The aggregate function.</typeparam>
    /// <param name="descriptor">The state's name and settings.</param>
    /// <returns>The handle.</returns>
    public AggregatingState<TIn, TOut> GetAggregatingState<TIn, TAcc, TOut, TAggregate>(AggregatingStateDescriptor<TIn, TAcc, TOut, TAggregate> descriptor)
        where TAggregate : struct, IAggregateFunction<TIn, TAcc, TOut>
        => Register(descriptor, CreateAggregatingState);

    /// <summary>
    /// The keys that have a live entry in a registered state, in no particular order. Meant for
    /// rebuilding an operator's in-memory indexes (the windows or timers of each key) after a restore,
    /// not for the data path: it copies the state once.
    /// </summary>
    /// <param name="stateName">The name the state was registered under.</param>
    /// <returns>The keys.</returns>
    /// <exception cref="StateException">No state of that name is registered.</exception>
    public IReadOnlyList<TKey> KeysOf(string stateName)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        if (!_states.TryGetValue(stateName, out var state))
        {
            throw new StateException($"State '{stateName}' of {Context.Describe()} is not registered; register it before asking for its keys.");
        }

        using var buffer = new MemoryStream();
        using (var writer = new SnapshotWriter(buffer, 1))
        {
            state.Table.Freeze().Export(writer, Now);
            writer.Complete();
        }

        buffer.Position = 0;
        var read = new Dictionary<string, RawState>(StringComparer.Ordinal);
        SnapshotReader.ReadInto(buffer, Context, read);
        RawState raw = read[stateName];
        var keys = new List<TKey>(raw.Count);
        foreach (RawEntry entry in raw)
        {
            keys.Add(KeySerializer.Deserialize(raw.Key(entry)));
        }

        return keys;
    }

    /// <inheritdoc />
    public sealed override KeyedStateSnapshot TakeSnapshot()
    {
        OnTakingSnapshot();
        var tables = _states.Values.Select(s => s.Table.Freeze()).ToList();
        var unclaimed = _restored.Values.ToList();
        return new KeyedStateSnapshot(Context, tables, unclaimed, Now);
    }

    /// <inheritdoc />
    public sealed override void Restore(IEnumerable<Stream> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (_states.Count > 0)
        {
            throw new StateException($"Cannot restore the keyed state of {Context.Describe()}: states are registered already; restore before the operator opens.");
        }

        foreach (Stream source in sources)
        {
            SnapshotReader.ReadInto(source, Context, _restored);
        }
    }

    /// <summary>Creates the backend's value state.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="descriptor">The state's name and settings.</param>
    /// <returns>The handle, which must also implement the store's internal table contract.</returns>
    private protected abstract ValueState<T> CreateValueState<T>(ValueStateDescriptor<T> descriptor);

    private protected abstract ListState<T> CreateListState<T>(ListStateDescriptor<T> descriptor);

    private protected abstract MapState<TUserKey, TUserValue> CreateMapState<TUserKey, TUserValue>(MapStateDescriptor<TUserKey, TUserValue> descriptor)
        where TUserKey : notnull;

    private protected abstract ReducingState<T> CreateReducingState<T, TReduce>(ReducingStateDescriptor<T, TReduce> descriptor)
        where TReduce : struct, IReduceFunction<T>;

    private protected abstract AggregatingState<TIn, TOut> CreateAggregatingState<TIn, TAcc, TOut, TAggregate>(AggregatingStateDescriptor<TIn, TAcc, TOut, TAggregate> descriptor)
        where TAggregate : struct, IAggregateFunction<TIn, TAcc, TOut>;

    /// <summary>Called first by <see cref="TakeSnapshot"/>: a backend holding state a canonical snapshot cannot carry throws here.</summary>
    private protected virtual void OnTakingSnapshot()
    {
    }

    /// <summary>The tables of the registered states, for statistics.</summary>
    private protected IEnumerable<IStateTable> Tables => _states.Values.Select(s => s.Table);

    /// <summary>Entries and bytes restored but not yet claimed by a registered state.</summary>
    private protected (long Entries, long Bytes) Unclaimed => (_restored.Values.Sum(r => (long)r.Count), _restored.Values.Sum(r => r.SizeBytes));

    private THandle Register<TDescriptor, THandle>(TDescriptor descriptor, Func<TDescriptor, THandle> create)
        where TDescriptor : StateDescriptor
        where THandle : class
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (_states.TryGetValue(descriptor.Name, out var existing))
        {
            if (existing.Handle is THandle same && existing.Descriptor.GetType() == descriptor.GetType() && Equals(existing.Descriptor.Ttl, descriptor.Ttl))
            {
                return same;
            }

            throw new StateException($"State '{descriptor.Name}' of {Context.Describe()} is registered already as a {existing.Descriptor.Kind} state with other types or settings; give each state its own name.");
        }

        descriptor.Validate();
        THandle handle = create(descriptor);
        IStateTable table = ((IStateHandle)handle).Table;
        if (_restored.Remove(descriptor.Name, out RawState? raw))
        {
            if (raw.Kind != descriptor.Kind)
            {
                throw new StateException($"State '{descriptor.Name}' of {Context.Describe()} was saved as a {raw.Kind} state but is now registered as a {descriptor.Kind} state; keep the kind, or rename the state to start it empty.");
            }

            table.Import(raw);
        }

        _states.Add(descriptor.Name, (descriptor, handle, table));
        return handle;
    }
}
