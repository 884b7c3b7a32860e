namespace HyperFlow.Storage.State;

/// <summary>A list of values per key; every call acts on the operator's current key.</summary>
/// <typeparam name="T">The element type.</typeparam>
public abstract class ListState<T>
{
    /// <summary>Appends a value to the current key's list.</summary>
    /// <param name="value">The value.</param>
    public abstract void Add(in T value);

    /// <summary>Appends values to the current key's list.</summary>
    /// <param name="values">The values.</param>
    public abstract void AddRange(ReadOnlySpan<T> values);

    /// <summary>
    /// The current key's list; empty when it has none. The span stays valid until the next write to
    /// this state.
    /// </summary>
    /// <returns>The elements in insertion order.</returns>
    public abstract ReadOnlySpan<T> Get();

    /// <summary>Replaces the current key's list.</summary>
    /// <param name="values">The new elements; empty removes the list.</param>
    public abstract void Update(ReadOnlySpan<T> values);

    /// <summary>Removes the current key's list.</summary>
    public abstract void Clear();
}
