namespace HyperFlow.Storage.State;

/// <summary>A map per key; every call acts on the operator's current key.</summary>
/// <typeparam name="TUserKey">The type of the map's keys.</typeparam>
/// <typeparam name="TUserValue">The type of the map's values.</typeparam>
public abstract class MapState<TUserKey, TUserValue>
    where TUserKey : notnull
{
    /// <summary>Reads a value of the current key's map.</summary>
    /// <param name="key">The map key.</param>
    /// <param name="value">The value, when present.</param>
    /// <returns><c>true</c> if the map has the key.</returns>
    public abstract bool TryGet(in TUserKey key, out TUserValue value);

    /// <summary>Sets a value in the current key's map.</summary>
    /// <param name="key">The map key.</param>
    /// <param name="value">The value.</param>
    public abstract void Put(in TUserKey key, in TUserValue value);

    /// <summary>Removes a key from the current key's map.</summary>
    /// <param name="key">The map key.</param>
    /// <returns><c>true</c> if the map had the key.</returns>
    public abstract bool Remove(in TUserKey key);

    /// <summary>The number of entries in the current key's map (0 when it has none).</summary>
    public abstract int Count { get; }

    /// <summary>
    /// The entries of the current key's map, in unspecified order. Don't write to this state while
    /// enumerating.
    /// </summary>
    /// <returns>The entries.</returns>
    public abstract IEnumerable<KeyValuePair<TUserKey, TUserValue>> Entries();

    /// <summary>Removes the current key's map.</summary>
    public abstract void Clear();
}
