using System.Runtime.CompilerServices;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.InMemory;

/// <summary>
/// The accumulators of an in-memory aggregating state (<see cref="InMemoryAggregatingState{TKey, TIn, TAcc, TOut, TAggregate}.Accumulators"/>),
/// probed directly: a reference to a key's accumulator in the table, which the caller folds into in
/// place. For operators' inner loops, where each layer of the state handle costs instructions per
/// record; a new key's accumulator is <c>default</c>, and the caller initialises it.
/// </summary>
/// <remarks>
/// The writes are not counted in the store's statistics; count them per batch with
/// <see cref="InMemoryAggregatingState{TKey, TIn, TAcc, TOut, TAggregate}.CountWrites"/>. Use it on the
/// store's thread, like the state.
/// </remarks>
/// <typeparam name="TKey">The state's key type.</typeparam>
/// <typeparam name="TAcc">The accumulator type.</typeparam>
public readonly struct InMemoryAccumulators<TKey, TAcc>
    where TKey : notnull
{
    private readonly KeyedValueTable<TKey, PlainCell<TAcc>> _table;

    internal InMemoryAccumulators(KeyedValueTable<TKey, PlainCell<TAcc>> table) => _table = table;

    /// <summary>Whether this refers to a state (<c>false</c> for <c>default</c>).</summary>
    public bool IsAttached => _table is not null;

    /// <summary>
    /// Returns a reference to the accumulator of <paramref name="key"/>, adding a <c>default</c> one first if
    /// the key has none; valid until the next key is added or removed.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <returns>The accumulator, to fold into in place.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TAcc GetOrAdd(TKey key) => ref _table.GetOrAdd(key, FastKeyHash.Of(key)).Item;
}
