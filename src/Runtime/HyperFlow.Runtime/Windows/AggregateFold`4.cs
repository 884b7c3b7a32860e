using System.Runtime.CompilerServices;
using HyperFlow.Storage.State;

namespace HyperFlow.Windows;

/// <summary>
/// An aggregate function without a merge as a window fold: enough for tumbling windows (one
/// accumulator per window). Sliding and session windows need <see cref="MergingAggregateFold{TIn, TAcc, TOut, TAggregate}"/>.
/// </summary>
/// <typeparam name="TIn">The element type.</typeparam>
/// <typeparam name="TAcc">The accumulator type.</typeparam>
/// <typeparam name="TOut">The result type.</typeparam>
/// <typeparam name="TAggregate">The aggregate function, a struct.</typeparam>
public readonly struct AggregateFold<TIn, TAcc, TOut, TAggregate> : IWindowFold<TIn, TAcc, TOut>
    where TAggregate : struct, IAggregateFunction<TIn, TAcc, TOut>
{
    /// <inheritdoc />
    public bool CanMerge => false;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TAcc First(in TIn value)
    {
        TAcc accumulator = default(TAggregate).CreateAccumulator();
        default(TAggregate).Add(ref accumulator, value);
        return accumulator;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ref TAcc accumulator, in TIn value) => default(TAggregate).Add(ref accumulator, value);

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">Always: the aggregate function has no merge.</exception>
    public TAcc Merge(in TAcc left, in TAcc right)
        => throw new NotSupportedException($"Aggregate {typeof(TAggregate).Name} has no merge; implement IMergingAggregateFunction and use MergingAggregateFold for sliding or session windows.");

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TOut Result(in TAcc accumulator) => default(TAggregate).GetResult(accumulator);
}
