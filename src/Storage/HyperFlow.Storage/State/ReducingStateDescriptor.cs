namespace HyperFlow.Storage.State;

/// <summary>Describes a <see cref="ReducingState{T}"/>: values combined into one per key by <typeparamref name="TReduce"/>.</summary>
/// <typeparam name="T">The value type.</typeparam>
/// <typeparam name="TReduce">The reduce function, a struct.</typeparam>
/// <param name="name">The state's name, unique within its operator.</param>
public sealed class ReducingStateDescriptor<T, TReduce>(string name) : StateDescriptor(name)
    where TReduce : struct, IReduceFunction<T>
{
    /// <inheritdoc />
    public override StateKind Kind => StateKind.Reducing;
}
