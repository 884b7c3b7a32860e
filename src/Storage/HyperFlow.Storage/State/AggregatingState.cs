namespace HyperFlow.Storage.State;

/// <summary>
/// Inputs folded into one accumulator per key; every call acts on the operator's current key.
/// </summary>
/// <typeparam name="TIn">The input type.</typeparam>
/// <typeparam name="TOut">The result type.</typeparam>
public abstract class AggregatingState<TIn, TOut>
{
    /// <summary>Folds an input into the current key's accumulator (creating it if needed).</summary>
    /// <param name="value">The input.</param>
    public abstract void Add(in TIn value);

    /// <summary>
    /// Folds an input into the current key's accumulator and returns the result, in one lookup (a
    /// HyperFlow addition to Flink's interface: running aggregates emit the result per record).
    /// </summary>
    /// <param name="value">The input.</param>
    /// <returns>The result after the input was folded in.</returns>
    public abstract TOut AddAndGet(in TIn value);

    /// <summary>Reads the result for the current key.</summary>
    /// <param name="result">The result, when the key has an accumulator.</param>
    /// <returns><c>true</c> if the key has an accumulator (that has not expired).</returns>
    public abstract bool TryGet(out TOut result);

    /// <summary>Removes the current key's accumulator.</summary>
    public abstract void Clear();
}
