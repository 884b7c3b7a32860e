namespace HyperFlow.Storage.State;

/// <summary>
/// How a read-modify-write folds an input into a stored value. Backends take it as a struct type
/// argument, so the fold is inlined into the update path: no delegate or interface call per update.
/// </summary>
/// <typeparam name="TValue">The stored value type.</typeparam>
/// <typeparam name="TInput">The type of what is folded in.</typeparam>
public interface IValueUpdater<TValue, TInput>
{
    /// <summary>The value of a key that had none, after folding in its first input.</summary>
    /// <param name="input">The first input for the key.</param>
    /// <returns>The new value.</returns>
    TValue Initial(in TInput input);

    /// <summary>Folds an input into an existing value, in place.</summary>
    /// <param name="value">The stored value, updated in place.</param>
    /// <param name="input">The input to fold in.</param>
    void Update(ref TValue value, in TInput input);
}
