namespace HyperFlow.Storage.State;

/// <summary>
/// Describes an <see cref="AggregatingState{TIn, TOut}"/>: inputs folded per key into an
/// accumulator by <typeparamref name="TAggregate"/>.
/// </summary>
/// <typeparam name="TIn">The input type.</typeparam>
/// <typeparam name="TAcc">The accumulator type (what is stored).</typeparam>
/// <typeparam name="TOut">The result type.</typeparam>
/// <typeparam name="TAggregate">The aggregate function, a struct.</typeparam>
/// <param name="name">The state's name, unique within its operator.</param>
public sealed class AggregatingStateDescriptor<TIn, TAcc, TOut, TAggregate>(string name) : StateDescriptor(name)
    where TAggregate : struct, IAggregateFunction<TIn, TAcc, TOut>
{
    /// <inheritdoc />
    public override StateKind Kind => StateKind.Aggregating;
}
