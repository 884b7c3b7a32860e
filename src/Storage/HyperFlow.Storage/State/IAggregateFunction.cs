namespace HyperFlow.Storage.State;

/// <summary>
/// Folds inputs into an accumulator and reads a result from it, for
/// <see cref="AggregatingState{TIn, TOut}"/> and window aggregation. Implement it on a struct: the
/// backend takes it as a type argument, so the calls are inlined.
/// </summary>
/// <typeparam name="TIn">The input type.</typeparam>
/// <typeparam name="TAcc">The accumulator type, which is what is stored.</typeparam>
/// <typeparam name="TOut">The result type.</typeparam>
public interface IAggregateFunction<TIn, TAcc, TOut>
{
    /// <summary>The accumulator of a key with no input yet.</summary>
    /// <returns>A new accumulator.</returns>
    TAcc CreateAccumulator();

    /// <summary>Folds an input into an accumulator.</summary>
    /// <param name="accumulator">The accumulator, updated in place.</param>
    /// <param name="value">The input.</param>
    void Add(ref TAcc accumulator, in TIn value);

    /// <summary>Reads the result from an accumulator.</summary>
    /// <param name="accumulator">The accumulator.</param>
    /// <returns>The result.</returns>
    TOut GetResult(in TAcc accumulator);
}
