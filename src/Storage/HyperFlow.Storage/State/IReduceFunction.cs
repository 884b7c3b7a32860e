namespace HyperFlow.Storage.State;

/// <summary>
/// Combines two values into one, for <see cref="ReducingState{T}"/>. Implement it on a struct: the
/// backend takes it as a type argument, so the call is inlined.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
public interface IReduceFunction<T>
{
    /// <summary>Combines the stored value with a new one.</summary>
    /// <param name="current">The stored value.</param>
    /// <param name="value">The value added.</param>
    /// <returns>The combined value.</returns>
    T Reduce(in T current, in T value);
}
