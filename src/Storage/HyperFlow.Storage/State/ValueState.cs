namespace HyperFlow.Storage.State;

/// <summary>
/// One value per key. Every call acts on the current key of the operator (the key of the record or
/// timer being processed), as in Apache Flink.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
public abstract class ValueState<T>
{
    /// <summary>Reads the current key's value.</summary>
    /// <param name="value">The value, when present.</param>
    /// <returns><c>true</c> if the key has a value (that has not expired).</returns>
    public abstract bool TryGet(out T value);

    /// <summary>Reads the current key's value, or <paramref name="fallback"/> when it has none.</summary>
    /// <param name="fallback">What to return when the key has no value.</param>
    /// <returns>The value or the fallback.</returns>
    public T GetValueOrDefault(T fallback = default!) => TryGet(out T value) ? value : fallback;

    /// <summary>Sets the current key's value.</summary>
    /// <param name="value">The new value.</param>
    public abstract void Update(in T value);

    /// <summary>Removes the current key's value.</summary>
    public abstract void Clear();
}
