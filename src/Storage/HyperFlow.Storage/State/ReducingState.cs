namespace HyperFlow.Storage.State;

/// <summary>
/// Values combined into one per key by a reduce function; every call acts on the operator's
/// current key. The result of <see cref="AggregatingState{TIn, TOut}.TryGet"/> is the combined value.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
public abstract class ReducingState<T> : AggregatingState<T, T>;
